MATCH (p:Policy {id: $id})
OPTIONAL MATCH (p)-[:HAS_VERSION]->(v)
WITH p, v ORDER BY v.version
RETURN p.id AS id,
       [x IN collect(v {.version, .title, .effectiveFrom, .effectiveTo, .publishedAt, .amendmentId}) WHERE x IS NOT NULL] AS versions
