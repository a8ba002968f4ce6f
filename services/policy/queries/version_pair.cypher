MATCH (p:Policy {id: $id})
OPTIONAL MATCH (p)-[:HAS_VERSION]->(a:PolicyVersion {version: $from})
OPTIONAL MATCH (p)-[:HAS_VERSION]->(b:PolicyVersion {version: $to})
RETURN p.id AS id,
       a {.version, .title, .body, .summaries, .rules} AS from,
       b {.version, .title, .body, .summaries, .rules} AS to
