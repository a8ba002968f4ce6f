// Ranked full-text search over the catalogue (no region: every policy with a version valid on the
// date, in any region, nothing shadowed — as GET /v1/policies without a region), best first. With a
// region, search_in_force.cypher applies the shared in-force rule instead.
CALL db.index.fulltext.queryNodes('policy_version_text', $q, {limit: 300}) YIELD node AS v, score
WHERE v.effectiveFrom <= $asOf AND (v.effectiveTo IS NULL OR $asOf < v.effectiveTo)
MATCH (p:Policy)-[:HAS_VERSION]->(v)
WHERE ($audience IS NULL OR EXISTS { (p)-[:TARGETS]->(:Audience {id: $audience}) })
  AND ($topic IS NULL OR EXISTS { (p)-[:ABOUT]->(:Topic {id: $topic}) })
WITH p, v, score ORDER BY score DESC, p.id LIMIT $candidates
// Only hits scoring at least $floor of the best are projected (the service applies the same floor).
WITH collect({p: p, v: v, score: score}) AS hits
WITH [h IN hits WHERE h.score >= hits[0].score * $floor] AS hits
UNWIND hits AS h
WITH h.p AS p, h.v AS v, h.score AS score
RETURN collect({
  score: score,
  body: v.body,
  policy: p {.id, .docNumber, .issuer},
  version: v {.version, .title, .summaries, .effectiveFrom, .effectiveTo, .publishedAt},
  appliesIn: [(p)-[:APPLIES_IN]->(ar:Region) | {code: ar.code, name: ar.name, level: ar.level}],
  topics: [(p)-[:ABOUT]->(t:Topic) | t.id],
  audiences: [(p)-[:TARGETS]->(au:Audience) | au.id],
  overrides: [(p)-[:OVERRIDES]->(o:Policy) | o.id],
  implements: [(p)-[:IMPLEMENTS]->(i:Policy) | i.id]
}) AS rows
