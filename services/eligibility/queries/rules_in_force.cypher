// Appended to the shared in-force match (packages/graph): the versions that carry benefit rules,
// most local first.
WHERE v.rules <> '[]'
RETURN p.id AS policyId, v.version AS version, v.rules AS rules, rank, p.docNumber AS docNumber,
       p.issuer AS issuer, v.title AS title,
       [(p)-[:APPLIES_IN]->(x:Region) | x.code] AS appliesIn
ORDER BY rank, policyId
