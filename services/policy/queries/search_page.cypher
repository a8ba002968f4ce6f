// Appended to search.cypher and search_in_force.cypher, which yield the hits (p, v, score) best first.
// A hit is a match when it scores at least $floor of the best hit and its title, body or summaries hold
// one of $terms (the question's bigrams and words, lowercase, as snippet.ts cuts them): the cjk
// analyzer matches any shared bigram, so without these every question "matched" most of the catalogue.
// `total` counts the matches; only the page ($offset, $limit) is projected.
WITH collect({p: p, v: v, score: score}) AS hits
WITH [h IN hits WHERE h.score >= hits[0].score * $floor
        AND any(t IN $terms WHERE toLower(h.v.title) CONTAINS t OR toLower(h.v.body) CONTAINS t
                OR toLower(coalesce(h.v.searchText, '')) CONTAINS t)] AS matches
WITH size(matches) AS total, matches[$offset..($offset + $limit)] AS page
UNWIND (CASE WHEN size(page) = 0 THEN [null] ELSE page END) AS h
WITH total, h.p AS p, h.v AS v, h.score AS score
RETURN total, collect(CASE WHEN p IS NULL THEN null ELSE {
  score: score,
  body: v.body,
  policy: p {.id, .docNumber, .issuer},
  version: v {.version, .title, .summaries, .effectiveFrom, .effectiveTo, .publishedAt},
  appliesIn: [(p)-[:APPLIES_IN]->(ar:Region) | {code: ar.code, name: ar.name, level: ar.level}],
  topics: [(p)-[:ABOUT]->(t:Topic) | t.id],
  audiences: [(p)-[:TARGETS]->(au:Audience) | au.id],
  overrides: [(p)-[:OVERRIDES]->(o:Policy) | o.id],
  implements: [(p)-[:IMPLEMENTS]->(i:Policy) | i.id]
} END) AS rows
