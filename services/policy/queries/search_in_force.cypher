// Appended to the shared in-force match (packages/graph): the versions in force for the region that
// the full-text index finds for $q, best first. The index is asked once, after the in-force rows,
// so search answers with exactly the policies the in-force list shows (shadowed ones never).
WITH collect(v) AS inForce
CALL db.index.fulltext.queryNodes('policy_version_text', $q, {limit: 300}) YIELD node AS v, score
WITH v, score WHERE v IN inForce
MATCH (p:Policy)-[:HAS_VERSION]->(v)
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
