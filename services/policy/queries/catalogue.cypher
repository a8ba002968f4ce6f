// The catalogue: every policy with a version valid on $asOf, in any region, with the optional audience
// and topic filters. No region means no chain, so nothing is shadowed: an overridden national policy is
// listed beside the local one that overrides it. The rank is the in-force one (0 county … 3 national), so
// the shared page tail (in_force.cypher) orders, pages and projects the rows exactly as the region list.
MATCH (p:Policy)
WHERE ($audience IS NULL OR EXISTS { (p)-[:TARGETS]->(:Audience {id: $audience}) })
  AND ($topic IS NULL OR EXISTS { (p)-[:ABOUT]->(:Topic {id: $topic}) })
MATCH (p)-[:HAS_VERSION]->(v)
WHERE v.effectiveFrom <= $asOf AND (v.effectiveTo IS NULL OR $asOf < v.effectiveTo)
CALL (p) {
  MATCH (p)-[:APPLIES_IN]->(ar:Region)
  RETURN min(CASE ar.level WHEN 'county' THEN 0 WHEN 'city' THEN 1 WHEN 'province' THEN 2 ELSE 3 END) AS rank
}
WITH p, v, rank
