// Deferred and retried deliveries whose time has come, and pending ones whose job was lost (a
// publish that never happened, or a worker that died holding it): back to pending, with a new job.
MATCH (d:Delivery)
WHERE d.status IN ['deferred', 'failed'] AND d.dueAt <= $now
WITH d LIMIT $limit
SET d.claimLock = $me
WITH d
WHERE d.status IN ['deferred', 'failed'] AND d.dueAt <= $now
SET d.status = 'pending', d.dueAt = $now, d.enqueues = coalesce(d.enqueues, 0) + 1
REMOVE d.claimLock
RETURN d.key AS key, d.channel AS channel, d.enqueues AS enqueues, coalesce(d.digest, false) AS digest
UNION ALL
MATCH (d:Delivery)
WHERE d.status = 'pending' AND d.dueAt <= $stale AND (d.claimUntil IS NULL OR d.claimUntil < $now)
WITH d LIMIT $limit
SET d.claimLock = $me
WITH d
WHERE d.status = 'pending' AND d.dueAt <= $stale AND (d.claimUntil IS NULL OR d.claimUntil < $now)
SET d.dueAt = $now, d.enqueues = coalesce(d.enqueues, 0) + 1
REMOVE d.claimLock
RETURN d.key AS key, d.channel AS channel, d.enqueues AS enqueues, coalesce(d.digest, false) AS digest
