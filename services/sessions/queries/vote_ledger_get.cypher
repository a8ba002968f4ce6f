// The highest sequence of the vote stream already applied (0 before the first batch).
OPTIONAL MATCH (l:VoteLedger {key: $key})
RETURN coalesce(l.appliedSeq, 0) AS appliedSeq
