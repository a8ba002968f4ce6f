// A policy's latest title, for templates.
MATCH (p:Policy {id: $id})
OPTIONAL MATCH (p)-[:HAS_VERSION]->(v)
WITH v ORDER BY v.version DESC LIMIT 1
RETURN v.title AS title
