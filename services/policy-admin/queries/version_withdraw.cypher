// Removes a scheduled version that never took effect and reopens the one before it.
MATCH (p:Policy {id: $policyId})-[:HAS_VERSION]->(v:PolicyVersion {version: $version})
WHERE v.effectiveFrom > date($today)
OPTIONAL MATCH (p)-[:HAS_VERSION]->(prev:PolicyVersion {version: $version - 1})
SET prev.effectiveTo = null, p.latestVersion = $version - 1, p.updatedAt = datetime()
DETACH DELETE v
RETURN count(*) AS removed
