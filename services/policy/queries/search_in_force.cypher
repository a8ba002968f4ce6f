// Appended to the shared in-force match (packages/graph): the versions in force for the region that
// the full-text index finds for $q, best first, so search answers with exactly the policies the
// in-force list shows (shadowed ones never). The index query itself requires the policy ids in force
// (policy_version_search indexes each version's policyId; the clause is boosted ^0, so it filters and
// never scores), so a county's hits are not crowded out by other regions' versions; `v IN inForce`
// then keeps exactly the in-force version of each (a quoted id may also match a longer id, or another
// version of the same policy). Policy ids are lowercase letters, digits and dashes: safe inside quotes.
WITH collect(v) AS inForce, collect(DISTINCT p.id) AS ids
WHERE size(ids) > 0
WITH inForce,
     '(' + $q + ') AND policyId:(' + reduce(s = '', id IN ids | s + ' "' + id + '"') + ')^0' AS lucene
// Every version of those policies can match (older and scheduled ones too), so the index is not cut at
// $candidates: what it can return is bounded by the in-force policies' versions.
CALL db.index.fulltext.queryNodes('policy_version_search', lucene, {limit: 10000}) YIELD node AS v, score
WITH v, score WHERE v IN inForce
MATCH (p:Policy)-[:HAS_VERSION]->(v)
WITH p, v, score ORDER BY score DESC, p.id LIMIT $candidates
WITH collect({p: p, v: v, score: score}) AS hits
WITH false AS stale, false AS more, hits
