// The new version, the end of the one before, the policy's pointer. One transaction with the rest of publish.
MATCH (p:Policy {id: $policyId})
SET p.latestVersion = $version, p.updatedAt = datetime()
WITH p
OPTIONAL MATCH (p)-[:HAS_VERSION]->(prev:PolicyVersion {version: $version - 1})
SET prev.effectiveTo = date($effectiveFrom),
    prev.searchEnded = 'ended' + replace(toString(date($effectiveFrom)), '-', '') // migration 020
WITH p
CREATE (v:PolicyVersion {id: $policyId + '@' + toString($version), policyId: $policyId, version: $version,
                         title: $content.title, body: $content.body, summaries: $content.summaries,
                         rules: $content.rules, eligibility: $content.eligibility, searchText: $content.searchText,
                         effectiveFrom: date($effectiveFrom), effectiveTo: null,
                         publishedAt: datetime(), amendmentId: $amendmentId,
                         effectiveAnnouncedAt: CASE WHEN $announceNow THEN datetime() END})
CREATE (p)-[:HAS_VERSION]->(v)
FOREACH (_ IN CASE WHEN $announceNow THEN [] ELSE [1] END | SET v:AwaitingEffect)
WITH v
MATCH (a:Amendment {id: $amendmentId})
CREATE (a)-[:PRODUCES]->(v)
RETURN v.id AS id
