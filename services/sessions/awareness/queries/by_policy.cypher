// Knowledge answers per cited policy, filtered by session, region (with the regions below it),
// audience, answer time and policy; pre-test answers are left out (they measure what people knew before).
WITH CASE WHEN $region IS NULL THEN null
          ELSE COLLECT { MATCH (sub:Region)-[:PART_OF*0..]->(:Region {code: $region}) RETURN sub.code } END AS codes
MATCH (a:Answer)-[:TO]->(i:Item)-[t:TESTS]->(p:Policy)
WHERE a.correct IS NOT NULL
  AND ($sessionId IS NULL OR a.sessionId = $sessionId)
  AND (codes IS NULL OR a.regionCode IN codes)
  AND ($audience IS NULL OR a.audience = $audience)
  AND ($from IS NULL OR a.answeredAt >= datetime($from))
  AND ($to IS NULL OR a.answeredAt < datetime($to))
  AND ($policy IS NULL OR p.id = $policy)
  AND NOT EXISTS { (a)-[:IN]->(:ItemLaunch {purpose: 'preTest'}) }
WITH p, max(t.version) AS version, count(a) AS n, sum(CASE WHEN a.correct THEN 1 ELSE 0 END) AS correct,
     count(DISTINCT coalesce(a.respondentId, a.id)) AS respondents
// The title people know it by: the newest version's (policies keep their titles on versions).
RETURN p.id AS policyId, version, n, correct, respondents,
       coalesce(p.title, head(COLLECT {
         MATCH (p)-[:HAS_VERSION]->(v:PolicyVersion) WHERE v.title IS NOT NULL RETURN v.title ORDER BY v.version DESC
       })) AS title
