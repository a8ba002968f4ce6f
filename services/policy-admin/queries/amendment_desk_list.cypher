// One page of the amendment desk board, newest updatedAt first (id breaks ties), with each
// amendment's derived desk state, its policy's doc number and current title.
MATCH (a:Amendment)
WHERE ($policyId IS NULL OR a.policyId = $policyId)
  AND ($authorId IS NULL OR a.authorId = $authorId)
  AND ($waitingFor IS NULL OR (a.status = 'submitted' AND a.authorId <> $waitingFor))
  AND ($after IS NULL OR a.updatedAt < datetime($after.updatedAt)
       OR (a.updatedAt = datetime($after.updatedAt) AND a.id < $after.id))
WITH a,
     CASE
       WHEN a.status = 'draft' AND a.returns IS NOT NULL THEN 'returned'
       WHEN a.status = 'published' AND a.effectiveFrom > date($today) THEN 'scheduled'
       ELSE a.status
     END AS state
WHERE $states IS NULL OR state IN $states
OPTIONAL MATCH (p:Policy {id: a.policyId})
OPTIONAL MATCH (p)-[:HAS_VERSION]->(v:PolicyVersion {version: p.latestVersion})
WITH a, state, p, v
WHERE $q IS NULL OR a.summary CONTAINS $q OR v.title CONTAINS $q OR p.docNumber CONTAINS $q
      OR (v IS NULL AND a.initial AND a.changes CONTAINS $q)
WITH a, state, p, v ORDER BY a.updatedAt DESC, a.id DESC LIMIT $limit
RETURN a {.id, .policyId, .status, .summary, .effectiveFrom, .authorId, .authorName, .approvedBy,
          .approvedByName, .approvedAt, .publishedAt, .version, .initial, .createdAt, .updatedAt,
          .submittedAt, .returns, .revision} AS amendment,
       state, p.docNumber AS docNumber, v.title AS latestTitle,
       CASE WHEN v IS NULL THEN a.changes END AS changes,
       toString(a.updatedAt) AS sortKey
