// Ranked full-text search over the catalogue (no region: every policy with a version valid on the
// date, in any region, nothing shadowed — as GET /v1/policies without a region), best first. With a
// region, search_in_force.cypher applies the shared in-force rule instead.
// Every policy's older and scheduled versions hold nearly the same words as the valid one (older ones
// often score higher: shorter bodies), so a fixed cut of the index's best hits (it was 300) kept none of
// the versions valid on a national catalogue. $q skips in the index the versions that ended on or before
// the date (`-searchEnded:[…]`, migration 020); the dates are still checked here, for versions without
// that token and scheduled ones. The hits stream out best first and `LIMIT $candidates` stops reading
// them at the $candidates-th valid one. The index ranks at most $indexLimit hits (ranking fewer lets
// Lucene skip documents that cannot make the cut): `more` says it returned that many, so when fewer
// than $candidates were valid the service asks again with a limit above the catalogue's size.
CALL db.index.fulltext.queryNodes('policy_version_dated', $q, {limit: $indexLimit}) YIELD node AS v, score
WITH collect({v: v, score: score}) AS ranked
CALL (ranked) {
  UNWIND ranked AS h
  WITH h.v AS v, h.score AS score
  WHERE v.effectiveFrom <= $asOf AND (v.effectiveTo IS NULL OR $asOf < v.effectiveTo)
  MATCH (p:Policy)-[:HAS_VERSION]->(v)
  WHERE ($audience IS NULL OR EXISTS { (p)-[:TARGETS]->(:Audience {id: $audience}) })
    AND ($topic IS NULL OR EXISTS { (p)-[:ABOUT]->(:Topic {id: $topic}) })
  WITH p, v, score LIMIT $candidates
  WITH p, v, score ORDER BY score DESC, p.id
  RETURN collect({p: p, v: v, score: score}) AS hits
}
WITH false AS stale, size(ranked) >= $indexLimit AS more, hits
