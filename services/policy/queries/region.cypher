MATCH (r:Region {code: $code})
OPTIONAL MATCH path = (r)-[:PART_OF*1..3]->(a:Region)
WITH r, a, length(path) AS depth ORDER BY depth DESC
WITH r, [x IN collect(a {.code, .name, .level}) WHERE x IS NOT NULL] AS ancestors
RETURN r {.code, .name, .level, .fullName, .grouping} AS region, ancestors,
       [(c:Region)-[:PART_OF]->(r) | c {.code, .name, .level}] AS children
