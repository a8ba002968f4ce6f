MATCH (c:ChangeFeedEntry)
WHERE c.seq > $since
WITH c ORDER BY c.seq LIMIT $limit
RETURN c {.seq, .at, .kind, .policyId, .version, .amendmentId, .effectiveFrom} AS change
