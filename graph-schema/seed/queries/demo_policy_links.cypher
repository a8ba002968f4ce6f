// IMPLEMENTS and OVERRIDES, once every demo policy exists.
UNWIND $links AS l
MATCH (p:Policy {id: l.id})
CALL (p, l) {
  OPTIONAL MATCH (target:Policy {id: l.implements})
  FOREACH (_ IN CASE WHEN target IS NULL THEN [] ELSE [1] END | MERGE (p)-[:IMPLEMENTS]->(target))
}
CALL (p, l) {
  OPTIONAL MATCH (target:Policy {id: l.overrides})
  FOREACH (_ IN CASE WHEN target IS NULL THEN [] ELSE [1] END | MERGE (p)-[:OVERRIDES]->(target))
}
RETURN count(*) AS linked
