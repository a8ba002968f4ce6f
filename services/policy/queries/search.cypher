// Ranked full-text search over the versions in force on a date, with optional filters.
// The region's chain (the region and its ancestors) is computed once, before the candidates.
OPTIONAL MATCH (r:Region {code: $region})
WITH r
OPTIONAL MATCH (r)-[:PART_OF*0..3]->(a:Region)
WITH collect(a) AS chain
CALL db.index.fulltext.queryNodes('policy_version_text', $q, {limit: 300}) YIELD node AS v, score
WHERE v.effectiveFrom <= $asOf AND (v.effectiveTo IS NULL OR $asOf < v.effectiveTo)
MATCH (p:Policy)-[:HAS_VERSION]->(v)
WHERE ($audience IS NULL OR EXISTS { (p)-[:TARGETS]->(:Audience {id: $audience}) })
  AND ($topic IS NULL OR EXISTS { (p)-[:ABOUT]->(:Topic {id: $topic}) })
  AND ($region IS NULL OR EXISTS { (p)-[:APPLIES_IN]->(x:Region) WHERE x IN chain })
WITH p, v, score ORDER BY score DESC, p.id
WITH collect({p: p, v: v, score: score}) AS rows
WITH size(rows) AS total, rows[$offset..($offset + $limit)] AS page
UNWIND (CASE WHEN size(page) = 0 THEN [null] ELSE page END) AS row
WITH total, row.p AS p, row.v AS v, row.score AS score
RETURN total, collect(CASE WHEN p IS NULL THEN null ELSE {
  score: score,
  policy: p {.id, .docNumber, .issuer},
  version: v {.version, .title, .summaries, .effectiveFrom, .effectiveTo, .publishedAt},
  appliesIn: [(p)-[:APPLIES_IN]->(ar:Region) | {code: ar.code, name: ar.name, level: ar.level}],
  topics: [(p)-[:ABOUT]->(t:Topic) | t.id],
  audiences: [(p)-[:TARGETS]->(au:Audience) | au.id],
  overrides: [(p)-[:OVERRIDES]->(o:Policy) | o.id],
  implements: [(p)-[:IMPLEMENTS]->(i:Policy) | i.id]
} END) AS items
