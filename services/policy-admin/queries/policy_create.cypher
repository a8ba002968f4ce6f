// A new policy (no version yet) with its links; the first version comes from its initial amendment.
CREATE (p:Policy {id: $policy.id, docNumber: $policy.docNumber, issuer: $policy.issuer,
                  latestVersion: 0, createdAt: datetime(), updatedAt: datetime(), createdBy: $actor})
WITH p
CALL (p) {
  UNWIND $policy.regions AS code
  MATCH (r:Region {code: code})
  MERGE (p)-[:APPLIES_IN]->(r)
  RETURN count(r) AS regions
}
CALL (p) {
  UNWIND $policy.audiences AS id
  MATCH (a:Audience {id: id})
  MERGE (p)-[:TARGETS]->(a)
  RETURN count(a) AS audiences
}
CALL (p) {
  UNWIND $policy.topics AS id
  MATCH (t:Topic {id: id})
  MERGE (p)-[:ABOUT]->(t)
  RETURN count(t) AS topics
}
CALL (p) {
  OPTIONAL MATCH (i:Policy {id: $policy.implements})
  FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END | MERGE (p)-[:IMPLEMENTS]->(i))
  RETURN count(i) AS implementsFound
}
CALL (p) {
  OPTIONAL MATCH (o:Policy {id: $policy.overrides})
  FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | MERGE (p)-[:OVERRIDES]->(o))
  RETURN count(o) AS overridesFound
}
RETURN regions, audiences, topics, implementsFound, overridesFound
