// Policies in force for a region on a date: those applying to the region or any ancestor, with a
// version valid on the date, minus every policy that an in-force policy applying in the same
// chain OVERRIDES (a lower region's policy shadows the one it overrides).
// (Versions are matched without their label, so the planner expands from each policy rather
// than scanning the effectiveFrom index for every one.)
MATCH (r:Region {code: $region})
WITH r
MATCH (r)-[:PART_OF*0..3]->(a:Region)
WITH collect(a) AS chain
UNWIND chain AS a
MATCH (a)<-[:APPLIES_IN]-(p:Policy)
WHERE ($audience IS NULL OR EXISTS { (p)-[:TARGETS]->(:Audience {id: $audience}) })
  AND ($topic IS NULL OR EXISTS { (p)-[:ABOUT]->(:Topic {id: $topic}) })
WITH DISTINCT p, chain
MATCH (p)-[:HAS_VERSION]->(v)
WHERE v.effectiveFrom <= $asOf AND (v.effectiveTo IS NULL OR $asOf < v.effectiveTo)
  AND NOT EXISTS {
    MATCH (q:Policy)-[:OVERRIDES]->(p)
    WHERE EXISTS { (q)-[:APPLIES_IN]->(qa:Region) WHERE qa IN chain }
      AND EXISTS {
        (q)-[:HAS_VERSION]->(qv)
        WHERE qv.effectiveFrom <= $asOf AND (qv.effectiveTo IS NULL OR $asOf < qv.effectiveTo)
      }
  }
// Sort on the level of the most local region it applies in, then project only the page.
CALL (p) {
  MATCH (p)-[:APPLIES_IN]->(ar:Region)
  RETURN min(CASE ar.level WHEN 'county' THEN 0 WHEN 'city' THEN 1 WHEN 'province' THEN 2 ELSE 3 END) AS rank
}
WITH p, v, rank
ORDER BY rank, p.id
WITH collect({p: p, v: v}) AS rows
WITH size(rows) AS total, rows[$offset..($offset + $limit)] AS page
UNWIND (CASE WHEN size(page) = 0 THEN [null] ELSE page END) AS row
WITH total, row.p AS p, row.v AS v
RETURN total, collect(CASE WHEN p IS NULL THEN null ELSE {
  policy: p {.id, .docNumber, .issuer},
  version: v {.version, .title, .summaries, .effectiveFrom, .effectiveTo, .publishedAt},
  appliesIn: [(p)-[:APPLIES_IN]->(ar:Region) | {code: ar.code, name: ar.name, level: ar.level}],
  topics: [(p)-[:ABOUT]->(t:Topic) | t.id],
  audiences: [(p)-[:TARGETS]->(au:Audience) | au.id],
  overrides: [(p)-[:OVERRIDES]->(o:Policy) | o.id],
  implements: [(p)-[:IMPLEMENTS]->(i:Policy) | i.id]
} END) AS items
