// Claims pending deliveries for this worker. Writing the claim first takes each node's write lock;
// the second check then sees any other worker's committed claim, so one delivery has one holder.
// Returns what sending needs but the event's texts (the same for every delivery of an event: read
// once per event, see event_texts.cypher); a digest's bundling is claim_bundled.cypher.
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
OPTIONAL MATCH (w:WebhookEndpoint {id: s.webhookEndpointId})
RETURN d {.key, .id, .eventId, .eventType, .channel, .tries, .digest} AS delivery,
       s {.id, .channels, .optOutChannels, .quietStart, .quietEnd, .timeZone, .language, .elderFriendly,
          .audiences}
         AS subscriber,
       w {.id, .url, .secret, .previousSecret, .previousSecretUntil, .status} AS endpoint
