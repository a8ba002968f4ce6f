// Ranked full-text search over the versions in force on a date, with optional filters.
CALL db.index.fulltext.queryNodes('policy_version_text', $q, {limit: 500}) YIELD node AS v, score
WHERE v.effectiveFrom <= $asOf AND (v.effectiveTo IS NULL OR $asOf < v.effectiveTo)
MATCH (p:Policy)-[:HAS_VERSION]->(v)
WHERE ($audience IS NULL OR EXISTS { (p)-[:TARGETS]->(:Audience {id: $audience}) })
  AND ($topic IS NULL OR EXISTS { (p)-[:ABOUT]->(:Topic {id: $topic}) })
  AND ($region IS NULL OR EXISTS {
    MATCH (:Region {code: $region})-[:PART_OF*0..3]->(a:Region)<-[:APPLIES_IN]-(p)
  })
WITH p, v, score ORDER BY score DESC, p.id
WITH collect({
  score: score,
  policy: p {.id, .docNumber, .issuer},
  version: v {.version, .title, .summaries, .effectiveFrom, .effectiveTo, .publishedAt},
  appliesIn: [(p)-[:APPLIES_IN]->(ar:Region) | {code: ar.code, name: ar.name, level: ar.level}],
  topics: [(p)-[:ABOUT]->(t:Topic) | t.id],
  audiences: [(p)-[:TARGETS]->(au:Audience) | au.id],
  overrides: [(p)-[:OVERRIDES]->(o:Policy) | o.id],
  implements: [(p)-[:IMPLEMENTS]->(i:Policy) | i.id]
}) AS rows
RETURN size(rows) AS total, rows[$offset..($offset + $limit)] AS items
