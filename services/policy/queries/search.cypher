// Ranked full-text search over the catalogue (no region: every policy with a version valid on the
// date, in any region, nothing shadowed — as GET /v1/policies without a region), best first. With a
// region, search_in_force.cypher applies the shared in-force rule instead.
// The index cannot filter by date, and every policy's older and scheduled versions hold nearly the same
// words (older ones often score higher: shorter bodies), so a fixed cut of the index's best hits (it was
// 300) kept none of the versions in force on a national catalogue. The index's hits stream out best
// first and `LIMIT $candidates` stops reading them at the $candidates-th valid one: the index ranks
// what matches (its $indexLimit only bounds that ranking), and only the hits read are looked at.
CALL db.index.fulltext.queryNodes('policy_version_text', $q, {limit: $indexLimit}) YIELD node AS v, score
WHERE v.effectiveFrom <= $asOf AND (v.effectiveTo IS NULL OR $asOf < v.effectiveTo)
MATCH (p:Policy)-[:HAS_VERSION]->(v)
WHERE ($audience IS NULL OR EXISTS { (p)-[:TARGETS]->(:Audience {id: $audience}) })
  AND ($topic IS NULL OR EXISTS { (p)-[:ABOUT]->(:Topic {id: $topic}) })
WITH p, v, score LIMIT $candidates
WITH p, v, score ORDER BY score DESC, p.id
