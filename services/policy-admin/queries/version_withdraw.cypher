// Removes a scheduled version that never took effect and reopens the one before it; a version it
// had superseded (same effective day) is awaited again and loses its supersededBy marks.
MATCH (p:Policy {id: $policyId})-[:HAS_VERSION]->(v:PolicyVersion {version: $version})
WHERE v.effectiveFrom > date($today)
OPTIONAL MATCH (p)-[:HAS_VERSION]->(prev:PolicyVersion {version: $version - 1})
OPTIONAL MATCH (pa:Amendment {id: prev.amendmentId})
FOREACH (_ IN CASE WHEN prev.supersededBy = $version THEN [1] ELSE [] END |
  REMOVE prev.supersededBy, prev.supersededAt, pa.supersededBy)
FOREACH (_ IN CASE WHEN prev IS NOT NULL AND prev.effectiveAnnouncedAt IS NULL THEN [1] ELSE [] END |
  SET prev:AwaitingEffect)
SET prev.effectiveTo = null, p.latestVersion = $version - 1, p.updatedAt = datetime()
// reopened: search must not skip it as ended (migration 020)
REMOVE prev.searchEnded
DETACH DELETE v
RETURN count(*) AS removed
