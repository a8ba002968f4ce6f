// Claims pending deliveries for this worker. Writing the claim first takes each node's write lock;
// the second check then sees any other worker's committed claim, so one delivery has one holder.
UNWIND $keys AS key
MATCH (d:Delivery {key: key})
WHERE d.status = 'pending' AND (d.claimUntil IS NULL OR d.claimUntil < $now)
SET d.claimLock = $me
WITH d
WHERE d.status = 'pending' AND (d.claimUntil IS NULL OR d.claimUntil < $now)
SET d.claimedBy = $me, d.claimUntil = $now + $claimMs
REMOVE d.claimLock
WITH d
OPTIONAL MATCH (s:Subscriber {id: d.subscriberId})
OPTIONAL MATCH (e:NotificationEvent {id: d.eventId})
OPTIONAL MATCH (w:WebhookEndpoint {id: s.webhookEndpointId})
CALL (d) {
  // a digest takes every other waiting digest delivery of the same subscriber and channel along
  WITH d WHERE d.digest
  MATCH (x:Delivery {subscriberId: d.subscriberId})
  WHERE x.digest AND x.channel = d.channel AND x.key <> d.key
    AND x.status IN ['deferred', 'pending'] AND (x.claimUntil IS NULL OR x.claimUntil < $now)
  MATCH (xe:NotificationEvent {id: x.eventId})
  SET x.status = 'pending', x.claimedBy = $me, x.claimUntil = $now + $claimMs
  RETURN collect({key: x.key, context: xe.context}) AS bundled
}
RETURN d {.key, .id, .eventId, .eventType, .channel, .tries, .digest} AS delivery,
       s {.id, .channels, .optOutChannels, .quietStart, .quietEnd, .timeZone, .language, .elderFriendly,
          .audiences}
         AS subscriber,
       e {.context, .payload} AS event,
       w {.id, .url, .secret, .previousSecret, .previousSecretUntil, .status} AS endpoint,
       bundled
