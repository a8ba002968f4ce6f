// Events fanned out whose deliveries are all final (sent, dead or skipped) and not yet acknowledged,
// with the N of M reached by channel. Read only: the scheduler publishes channel.synced first and
// marks the event settled after (settle_mark.cypher), so a failed publish is retried next round.
MATCH (e:NotificationEvent:Unsettled)
WHERE e.settledAt IS NULL
  AND NOT EXISTS { MATCH (d:Delivery) WHERE d.eventId = e.id AND d.status IN ['pending', 'deferred', 'failed'] }
WITH e LIMIT 50
OPTIONAL MATCH (d:Delivery {eventId: e.id})
WITH e, d.channel AS channel, count(d) AS total, sum(CASE WHEN d.status = 'sent' THEN 1 ELSE 0 END) AS sent
RETURN e.id AS eventId, e.type AS eventType, e.policyId AS policyId, e.amendmentId AS amendmentId,
       e.targeted AS targeted, collect(CASE WHEN channel IS NULL THEN null ELSE {channel: channel, total: total, sent: sent} END) AS channels
