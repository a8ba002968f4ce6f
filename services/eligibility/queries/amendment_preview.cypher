// An amendment (read only; policy-admin owns it) with its policy's latest version, where the policy
// applies, and its citation.
MATCH (a:Amendment {id: $id})
OPTIONAL MATCH (p:Policy {id: a.policyId})
OPTIONAL MATCH (p)-[:HAS_VERSION]->(v:PolicyVersion {version: p.latestVersion})
RETURN a {.id, .policyId, .status, .baseVersion, .changes, .summary, .effectiveFrom} AS amendment,
       p.latestVersion AS latestVersion,
       v {.title, .body, .summaries, .rules, .eligibility} AS latest,
       p.docNumber AS docNumber, p.issuer AS issuer,
       [(p)-[:APPLIES_IN]->(r:Region) | r {.code, .level}] AS appliesIn
