// In the claim's transaction, for the digest deliveries it just claimed: each takes every other
// waiting digest delivery of the same subscriber and channel along (one delivery after the other,
// so a waiting one goes with one of them only).
UNWIND $keys AS key
MATCH (d:Delivery {key: key})
WHERE d.claimedBy = $me AND d.digest
CALL (d) {
  MATCH (x:Delivery {subscriberId: d.subscriberId})
  WHERE x.digest AND x.channel = d.channel AND x.key <> d.key
    AND x.status IN ['deferred', 'pending'] AND (x.claimUntil IS NULL OR x.claimUntil < $now)
  MATCH (xe:NotificationEvent {id: x.eventId})
  SET x.status = 'pending', x.claimedBy = $me, x.claimUntil = $now + $claimMs
  RETURN collect({key: x.key, context: xe.context}) AS bundled
}
RETURN d.key AS key, bundled
