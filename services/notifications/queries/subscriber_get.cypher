MATCH (s:Subscriber {id: $id})
WHERE $owner IS NULL OR s.ownerId = $owner
OPTIONAL MATCH (s)-[:FOLLOWS]->(p:Policy)
WITH s, collect(p.id) AS policies
OPTIONAL MATCH (s)-[:FOLLOWS]->(t:Topic)
WITH s, policies, collect(t.id) AS topics
OPTIONAL MATCH (s)-[:FOLLOWS]->(r:Region)
WITH s, policies, topics, collect(r.code) AS regions
OPTIONAL MATCH (s)-[:LIVES_IN]->(h:Region)
RETURN s AS subscriber, policies, topics, regions, h.code AS homeRegion
