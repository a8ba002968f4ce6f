// Records the last sequence of the vote stream a batch applied, in the batch's own transaction.
MATCH (l:VoteLedger {key: $key})
SET l.appliedSeq = $seq, l.appliedAt = datetime()
RETURN l.appliedSeq AS appliedSeq
