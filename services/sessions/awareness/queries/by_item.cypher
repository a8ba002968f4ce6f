// Knowledge answers per item, with the same filters as by_policy.cypher.
WITH CASE WHEN $region IS NULL THEN null
          ELSE COLLECT { MATCH (sub:Region)-[:PART_OF*0..]->(:Region {code: $region}) RETURN sub.code } END AS codes
MATCH (a:Answer)-[:TO]->(i:Item)
WHERE a.correct IS NOT NULL
  AND ($sessionId IS NULL OR a.sessionId = $sessionId)
  AND (codes IS NULL OR a.regionCode IN codes)
  AND ($audience IS NULL OR a.audience = $audience)
  AND ($from IS NULL OR a.answeredAt >= datetime($from))
  AND ($to IS NULL OR a.answeredAt < datetime($to))
  AND ($policy IS NULL OR EXISTS { (i)-[:TESTS]->(:Policy {id: $policy}) })
  AND ($includePre OR NOT EXISTS { (a)-[:IN]->(:ItemLaunch {purpose: 'preTest'}) })
OPTIONAL MATCH (i)-[t:TESTS]->(p:Policy)
RETURN i.id AS itemId, i.stem AS stem, i.kind AS kind, p.id AS policyId, t.version AS version, count(a) AS n,
       sum(CASE WHEN a.correct THEN 1 ELSE 0 END) AS correct
