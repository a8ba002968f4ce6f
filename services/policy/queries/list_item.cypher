/* One policy as lists and search pages show it: the policy `p` with its version `v` and its links (null
   when `p` is null: the row of an empty page). in_force.cypher and search_page.cypher take it where they
   say listItem in a comment (repository.ts puts it there). Dates travel as text and the publishing
   instant as epoch milliseconds: the driver's Date and DateTime values are costly to build and convert
   (see `common` in repository.ts). */
CASE WHEN p IS NULL THEN null ELSE {
  policy: p {.id, .docNumber, .issuer},
  version: v {.version, .title, .summaries, effectiveFrom: toString(v.effectiveFrom),
               effectiveTo: toString(v.effectiveTo), publishedAt: v.publishedAt.epochMillis},
  appliesIn: [(p)-[:APPLIES_IN]->(ar:Region) | {code: ar.code, name: ar.name, level: ar.level}],
  topics: [(p)-[:ABOUT]->(t:Topic) | t.id],
  audiences: [(p)-[:TARGETS]->(au:Audience) | au.id],
  overrides: [(p)-[:OVERRIDES]->(o:Policy) | o.id],
  implements: [(p)-[:IMPLEMENTS]->(i:Policy) | i.id]
} END
