// Erases a subscriber: the node, its links and every personal field of its deliveries go; the
// deliveries stay as anonymous counts (status and channel per event), under a key that no longer
// names the person, and the erasure is counted.
MATCH (s:Subscriber {id: $id})
WHERE $owner IS NULL OR s.ownerId = $owner
CALL (s) {
  MATCH (d:Delivery {subscriberId: s.id})
  SET d.key = d.eventId + '|erased-' + d.id + '|' + d.channel, d.subscriberId = null, d.erased = true,
      d.lastError = null
  RETURN count(d) AS deliveries
}
MERGE (t:ErasureTally {name: 'subscribers'})
SET t.count = coalesce(t.count, 0) + 1, t.lastAt = $now
DETACH DELETE s
RETURN deliveries
