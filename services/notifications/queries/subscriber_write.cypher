// Creates or replaces a subscriber's properties and links (FOLLOWS policies, topics, regions; LIVES_IN).
MERGE (s:Subscriber {id: $s.id})
ON CREATE SET s.createdAt = $now, s.ownerId = $s.ownerId
SET s += $s.props, s.updatedAt = $now
WITH s
OPTIONAL MATCH (s)-[old:FOLLOWS|LIVES_IN]->()
DELETE old
WITH DISTINCT s
CALL (s) {
  UNWIND $s.policies AS id MATCH (p:Policy {id: id}) MERGE (s)-[:FOLLOWS]->(p)
}
CALL (s) {
  UNWIND $s.topics AS id MATCH (t:Topic {id: id}) MERGE (s)-[:FOLLOWS]->(t)
}
CALL (s) {
  UNWIND $s.regions AS code MATCH (r:Region {code: code}) MERGE (s)-[:FOLLOWS]->(r)
}
CALL (s) {
  UNWIND $s.home AS code MATCH (r:Region {code: code}) MERGE (s)-[:LIVES_IN]->(r)
}
RETURN s.id AS id
