// An operator sends a dead or failed delivery again: pending now, with a fresh retry schedule.
MATCH (d:Delivery {id: $id})
WITH d, d.status AS before
SET d.claimLock = $me
WITH d, before
WHERE d.status IN ['dead', 'failed'] AND d.subscriberId IS NOT NULL
SET d.status = 'pending', d.tries = 0, d.dueAt = $now, d.enqueues = coalesce(d.enqueues, 0) + 1,
    d.replayedAt = $now, d.replayedBy = $actor
REMOVE d.claimLock
RETURN d
