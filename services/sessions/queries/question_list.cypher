// A session's questions, by votes or by time.
// Seeks the (sessionId, createdAt) index (`q.createdAt IS NOT NULL`: every question has it; the hint keeps the
// planner from scanning every question of every session, as it did without them).
MATCH (q:Question)
USING INDEX q:Question(sessionId, createdAt)
WHERE q.sessionId = $sessionId AND q.createdAt IS NOT NULL AND q.status IN $statuses
WITH q
ORDER BY CASE WHEN q.pinned THEN 0 ELSE 1 END, CASE WHEN $sort = 'votes' THEN -q.votes ELSE 0 END, q.createdAt DESC, q.id
SKIP $skip LIMIT $limit
RETURN q, COLLECT { MATCH (q)-[r:CITES]->(p:Policy) RETURN {policyId: p.id, version: r.version} ORDER BY p.id } AS cited
