// Appends to the change feed with the next sequence number (the counter's lock orders writers).
MERGE (s:Sequence {name: 'changes'})
ON CREATE SET s.value = 0
SET s.value = s.value + 1
WITH s.value AS seq
CREATE (c:ChangeFeedEntry {seq: seq, at: datetime(), kind: $kind, policyId: $policyId, version: $version,
                           amendmentId: $amendmentId,
                           effectiveFrom: CASE WHEN $effectiveFrom IS NULL THEN null ELSE date($effectiveFrom) END})
RETURN seq
