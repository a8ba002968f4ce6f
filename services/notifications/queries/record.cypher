// Records what happened to claimed deliveries; only the claim holder may write (a worker whose
// claim expired and was taken over records nothing).
UNWIND $results AS r
MATCH (d:Delivery {key: r.key})
WHERE d.claimedBy = $me
SET d.status = r.status, d.dueAt = r.dueAt, d.lastError = r.lastError, d.lastStatus = r.lastStatus,
    d.attempts = d.attempts + r.attempted, d.tries = d.tries + r.attempted, d.sentAt = r.sentAt,
    d.lastAttemptAt = CASE WHEN r.attempted > 0 THEN $now ELSE d.lastAttemptAt END,
    d.segments = coalesce(r.segments, d.segments)
REMOVE d.claimedBy, d.claimUntil
RETURN count(*) AS n
