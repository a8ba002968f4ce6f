// Upcoming sessions covering the policy or one of the topics it is about.
MATCH (p:Policy {id: $policyId})
MATCH (s:LiveSession)
WHERE s.status = 'scheduled' AND (s.lastEndsAt IS NULL OR s.lastEndsAt > datetime())
  AND (EXISTS { (s)-[:COVERS]->(p) } OR EXISTS { (s)-[:COVERS]->(:Topic)<-[:ABOUT]-(p) })
RETURN s.id AS id, s.hostId AS hostId, s.title AS title, s.startsAt AS startsAt, s.rebriefs AS rebriefs
ORDER BY s.startsAt
