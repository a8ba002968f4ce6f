MATCH (s:Subscriber)
WHERE ($owner IS NULL OR s.ownerId = $owner) AND ($after IS NULL OR s.id > $after)
WITH s ORDER BY s.id LIMIT $limit
OPTIONAL MATCH (s)-[:FOLLOWS]->(p:Policy)
WITH s, collect(p.id) AS policies
OPTIONAL MATCH (s)-[:FOLLOWS]->(t:Topic)
WITH s, policies, collect(t.id) AS topics
OPTIONAL MATCH (s)-[:FOLLOWS]->(r:Region)
WITH s, policies, topics, collect(r.code) AS regions
OPTIONAL MATCH (s)-[:LIVES_IN]->(h:Region)
RETURN s AS subscriber, policies, topics, regions, h.code AS homeRegion
ORDER BY s.id
