// The "in force" rule, shared by every service that asks what applies where and when.
// Parameters: $region, $asOf (Date), $audience and $topic (null for any).
// Yields p (the policy), v (its version valid on $asOf) and rank (0 county … 3 national: the most
// local region it applies in). A policy is in force for a region on a date when it applies in the
// region or an ancestor, has a version valid on the date, and no policy that applies in the same
// chain and is itself in force OVERRIDES it.
// (Versions are matched without their label, so the planner expands from each policy rather than
// scanning the effectiveFrom index for every one.)
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
CALL (p) {
  MATCH (p)-[:APPLIES_IN]->(ar:Region)
  RETURN min(CASE ar.level WHEN 'county' THEN 0 WHEN 'city' THEN 1 WHEN 'province' THEN 2 ELSE 3 END) AS rank
}
WITH p, v, rank
