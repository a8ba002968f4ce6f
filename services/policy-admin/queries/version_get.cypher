// One version of a policy by number (the latest when $version is null), and the latest's number.
MATCH (p:Policy {id: $policyId})
OPTIONAL MATCH (p)-[:HAS_VERSION]->(v:PolicyVersion {version: coalesce($version, p.latestVersion)})
RETURN p.latestVersion AS latestVersion,
       v {.version, .title, .body, .summaries, .rules, .eligibility, .effectiveFrom} AS v
