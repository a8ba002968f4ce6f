// Events fanned out whose deliveries are all final (sent, dead or skipped): marked settled once,
// with the N of M reached by channel, for the channel.synced acknowledgement.
MATCH (e:NotificationEvent)
WHERE e.settledAt IS NULL AND e.fannedOutAt IS NOT NULL
  AND NOT EXISTS { MATCH (d:Delivery {eventId: e.id}) WHERE d.status IN ['pending', 'deferred', 'failed'] }
WITH e LIMIT 50
SET e.settleLock = $me
WITH e
WHERE e.settledAt IS NULL
SET e.settledAt = $now
REMOVE e.settleLock
WITH e
OPTIONAL MATCH (d:Delivery {eventId: e.id})
WITH e, d.channel AS channel, count(d) AS total, sum(CASE WHEN d.status = 'sent' THEN 1 ELSE 0 END) AS sent
RETURN e.id AS eventId, e.type AS eventType, e.policyId AS policyId, e.amendmentId AS amendmentId,
       e.targeted AS targeted, collect(CASE WHEN channel IS NULL THEN null ELSE {channel: channel, total: total, sent: sent} END) AS channels
