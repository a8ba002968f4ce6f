// A session's questions, by votes or by time.
MATCH (q:Question {sessionId: $sessionId})
WHERE q.status IN $statuses
WITH q
ORDER BY CASE WHEN q.pinned THEN 0 ELSE 1 END, CASE WHEN $sort = 'votes' THEN -q.votes ELSE 0 END, q.createdAt DESC, q.id
SKIP $skip LIMIT $limit
RETURN q, COLLECT { MATCH (q)-[r:CITES]->(p:Policy) RETURN {policyId: p.id, version: r.version} ORDER BY p.id } AS cited
