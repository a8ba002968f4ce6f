// One demo policy with its links, versions and published amendments; safe to run again.
MERGE (p:Policy {id: $policy.id})
ON CREATE SET p.createdAt = datetime()
SET p.docNumber = $policy.docNumber, p.issuer = $policy.issuer, p.demo = true,
    p.latestVersion = $latestVersion, p.updatedAt = datetime()
WITH p
OPTIONAL MATCH (p)-[old:APPLIES_IN|TARGETS|ABOUT|IMPLEMENTS|OVERRIDES]->()
DELETE old
WITH DISTINCT p
CALL (p) {
  UNWIND $policy.regions AS code
  MATCH (r:Region {code: code})
  MERGE (p)-[:APPLIES_IN]->(r)
}
CALL (p) {
  UNWIND $policy.audiences AS id
  MATCH (a:Audience {id: id})
  MERGE (p)-[:TARGETS]->(a)
}
CALL (p) {
  UNWIND $policy.topics AS id
  MATCH (t:Topic {id: id})
  MERGE (p)-[:ABOUT]->(t)
}
CALL (p) {
  UNWIND $versions AS ver
  MERGE (v:PolicyVersion {id: ver.id})
  ON CREATE SET v.effectiveAnnouncedAt = CASE WHEN date(ver.effectiveFrom) <= date($today) THEN datetime() END
  FOREACH (_ IN CASE WHEN v.effectiveAnnouncedAt IS NULL THEN [1] ELSE [] END | SET v:AwaitingEffect)
  SET v.policyId = p.id, v.version = ver.version, v.title = ver.title, v.body = ver.body,
      v.summaries = ver.summaries, v.rules = ver.rules, v.eligibility = ver.eligibility, v.searchText = ver.searchText,
      v.effectiveFrom = date(ver.effectiveFrom),
      v.effectiveTo = CASE WHEN ver.effectiveTo IS NULL THEN null ELSE date(ver.effectiveTo) END,
      v.searchEnded = CASE WHEN ver.effectiveTo IS NULL THEN null
                      ELSE 'ended' + replace(toString(date(ver.effectiveTo)), '-', '') END, // migration 020
      v.publishedAt = datetime(ver.publishedAt), v.amendmentId = ver.amendmentId
  MERGE (p)-[:HAS_VERSION]->(v)
}
CALL (p) {
  UNWIND $amendments AS am
  MATCH (v:PolicyVersion {id: am.versionId})
  MERGE (a:Amendment {id: am.id})
  ON CREATE SET a.createdAt = datetime(am.publishedAt)
  SET a.policyId = p.id, a.status = 'published', a.summary = am.summary, a.changes = am.changes,
      a.effectiveFrom = date(am.effectiveFrom), a.publishedAt = datetime(am.publishedAt),
      a.baseVersion = am.baseVersion, a.authorId = 'demo-data', a.approvedBy = 'demo-data', a.revision = 1
  MERGE (a)-[:AMENDS]->(p)
  MERGE (a)-[:PRODUCES]->(v)
}
RETURN p.id AS id
