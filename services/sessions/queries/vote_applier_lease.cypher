// Takes or renews the vote applier's lease: granted when free, expired, or already held by $holder.
// The node is locked before it is read, so of two instances asking at once exactly one gets it.
MERGE (l:VoteApplierLease {key: $key})
ON CREATE SET l.holder = $holder, l.expiresAt = datetime() - duration('PT1S'), l.term = 0
SET l.lockedAt = datetime()
WITH l
WHERE l.holder = $holder OR l.expiresAt < datetime()
SET l.term = CASE WHEN l.holder = $holder AND l.expiresAt >= datetime() THEN l.term ELSE l.term + 1 END,
    l.holder = $holder,
    l.expiresAt = datetime() + duration({milliseconds: $ttlMs})
RETURN l.term AS term
