MATCH (p:Policy {id: $id})
OPTIONAL MATCH (p)-[:HAS_VERSION]->(a {version: $from})
OPTIONAL MATCH (p)-[:HAS_VERSION]->(b {version: $to})
RETURN p.id AS id,
       a {.version, .title, .body, .summaries, .rules, .eligibility} AS from,
       b {.version, .title, .body, .summaries, .rules, .eligibility} AS to
