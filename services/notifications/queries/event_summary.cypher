OPTIONAL MATCH (e:NotificationEvent {id: $id})
OPTIONAL MATCH (d:Delivery {eventId: $id})
WITH e, d.channel AS channel, d.status AS status, count(d) AS n
RETURN e {.id, .type, .policyId, .amendmentId, .sessionId, .targeted, .fannedOutAt, .settledAt} AS event,
       collect(CASE WHEN channel IS NULL THEN null ELSE {channel: channel, status: status, n: n} END) AS counts
