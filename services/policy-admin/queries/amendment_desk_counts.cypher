// How many amendments are in each desk state under the board's filters (state filter aside).
MATCH (a:Amendment)
WHERE ($policyId IS NULL OR a.policyId = $policyId)
  AND ($authorId IS NULL OR a.authorId = $authorId)
  AND ($waitingFor IS NULL OR (a.status = 'submitted' AND a.authorId <> $waitingFor))
WITH a,
     CASE
       WHEN a.status = 'draft' AND a.returns IS NOT NULL THEN 'returned'
       WHEN a.status = 'published' AND a.effectiveFrom > date($today) THEN 'scheduled'
       ELSE a.status
     END AS state
OPTIONAL MATCH (p:Policy {id: a.policyId})
OPTIONAL MATCH (p)-[:HAS_VERSION]->(v:PolicyVersion {version: p.latestVersion})
WITH a, state, p, v
WHERE $q IS NULL OR a.summary CONTAINS $q OR v.title CONTAINS $q OR p.docNumber CONTAINS $q
      OR (v IS NULL AND a.initial AND a.changes CONTAINS $q)
RETURN state, count(a) AS count
