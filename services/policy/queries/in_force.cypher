// Appended to the shared in-force match (packages/graph): most local first, then only the page.
// Dates travel as text and the publishing instant as epoch milliseconds: the driver's Date and
// DateTime values are costly to build and convert (see `common` in repository.ts).
ORDER BY rank, p.id
WITH collect({p: p, v: v}) AS rows
WITH size(rows) AS total, rows[$offset..($offset + $limit)] AS page
UNWIND (CASE WHEN size(page) = 0 THEN [null] ELSE page END) AS row
WITH total, row.p AS p, row.v AS v
RETURN total, collect(CASE WHEN p IS NULL THEN null ELSE {
  policy: p {.id, .docNumber, .issuer},
  version: v {.version, .title, .summaries, effectiveFrom: toString(v.effectiveFrom),
               effectiveTo: toString(v.effectiveTo), publishedAt: v.publishedAt.epochMillis},
  appliesIn: [(p)-[:APPLIES_IN]->(ar:Region) | {code: ar.code, name: ar.name, level: ar.level}],
  topics: [(p)-[:ABOUT]->(t:Topic) | t.id],
  audiences: [(p)-[:TARGETS]->(au:Audience) | au.id],
  overrides: [(p)-[:OVERRIDES]->(o:Policy) | o.id],
  implements: [(p)-[:IMPLEMENTS]->(i:Policy) | i.id]
} END) AS items
