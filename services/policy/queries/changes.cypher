// Change feed entries after $since, in sequence order, filtered by policy, by topic and by region
// (entries of policies that apply in the region or any region above it), each with the policy's
// title (of the version it names, else the latest) and the amendment's summary. `head` is the
// newest entry's seq when the read began: entries are only read up to it, so a cursor at `head`
// never skips one committed meanwhile, and a cursor beyond it is one the feed never issued.
CALL () {
  OPTIONAL MATCH (h:ChangeFeedEntry)
  WITH h ORDER BY h.seq DESC LIMIT 1
  RETURN coalesce(h.seq, 0) AS head
}
OPTIONAL MATCH (r:Region {code: $region})
OPTIONAL MATCH (r)-[:PART_OF*0..3]->(a:Region)
WITH head, collect(a) AS chain
CALL (head, chain) {
  MATCH (c:ChangeFeedEntry)
  WHERE c.seq > $since AND c.seq <= head
    AND ($policyId IS NULL OR c.policyId = $policyId)
    AND ($topic IS NULL OR EXISTS { MATCH (:Policy {id: c.policyId})-[:ABOUT]->(:Topic {id: $topic}) })
    AND ($region IS NULL OR EXISTS { MATCH (:Policy {id: c.policyId})-[:APPLIES_IN]->(x:Region) WHERE x IN chain })
  WITH c ORDER BY c.seq LIMIT $limit
  OPTIONAL MATCH (v:PolicyVersion {id: c.policyId + '@' + toString(c.version)})
  OPTIONAL MATCH (am:Amendment {id: c.amendmentId})
  CALL (c) {
    OPTIONAL MATCH (:Policy {id: c.policyId})-[:HAS_VERSION]->(x)
    WITH x ORDER BY x.version DESC LIMIT 1
    RETURN x.title AS latestTitle
  }
  RETURN collect(c {.seq, .at, .kind, .policyId, .version, .amendmentId, .effectiveFrom,
                    policyTitle: coalesce(v.title, latestTitle), summary: am.summary}) AS changes
}
RETURN head, changes
