MATCH (a:Amendment {id: $id})
OPTIONAL MATCH (s:ChannelSync)
WHERE s.amendmentId = a.id OR s.eventId IN [a.publishedEventId, a.effectiveEventId]
WITH a, s ORDER BY s.syncedAt, s.channel, s.consumer
RETURN a {.id, .status, .policyId, .publishedEventId, .effectiveEventId, .publishedAt} AS amendment,
       [x IN collect(s {.channel, .consumer, .eventId, .eventType, .syncedAt, .detail}) WHERE x IS NOT NULL] AS syncs
