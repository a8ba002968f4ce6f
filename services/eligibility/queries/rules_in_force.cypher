// The benefit rules of the policies in force for an enrollment region on a date: the same
// in-force rule as the policy service (inherited, shadowed by overrides), most local first.
MATCH (r:Region {code: $region})
WITH r
MATCH (r)-[:PART_OF*0..3]->(a:Region)
WITH collect(a) AS chain
UNWIND chain AS a
MATCH (a)<-[:APPLIES_IN]-(p:Policy)
WITH DISTINCT p, chain
MATCH (p)-[:HAS_VERSION]->(v)
WHERE v.rules <> '[]'
  AND v.effectiveFrom <= $asOf AND (v.effectiveTo IS NULL OR $asOf < v.effectiveTo)
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
RETURN p.id AS policyId, v.version AS version, v.rules AS rules, rank, p.docNumber AS docNumber, p.issuer AS issuer,
       v.title AS title,
       [(p)-[:APPLIES_IN]->(x:Region) | x.code] AS appliesIn
ORDER BY rank, policyId
