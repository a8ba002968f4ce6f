// Locks and reads the vote ledger: the highest sequence of the vote stream already applied to the graph.
// Every batch takes this lock first, so two appliers (a lease lost mid-batch) are serialised here and
// the second skips what the first applied.
MERGE (l:VoteLedger {key: $key})
ON CREATE SET l.appliedSeq = 0
SET l.lockedAt = datetime()
RETURN l.appliedSeq AS appliedSeq
