// Appended to the shared in-force match (packages/graph): the versions that carry benefit or
// eligibility rules, most local first.
WITH p, v, rank, coalesce(v.eligibility, '[]') AS eligibility
WHERE v.rules <> '[]' OR eligibility <> '[]'
RETURN p.id AS policyId, v.version AS version, v.rules AS rules, eligibility, rank, p.docNumber AS docNumber,
       p.issuer AS issuer, v.title AS title,
       [(p)-[:APPLIES_IN]->(x:Region) | x.code] AS appliesIn
ORDER BY rank, policyId
