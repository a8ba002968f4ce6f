// Gives the vote applier's lease up (on shutdown), so another instance takes over at once.
MATCH (l:VoteApplierLease {key: $key, holder: $holder})
SET l.expiresAt = datetime() - duration('PT1S')
RETURN l.term AS term
