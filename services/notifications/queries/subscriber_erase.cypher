// Erases a subscriber: the node, its links and every personal field of its deliveries go; the
// deliveries stay as anonymous counts (status and channel per event), under a key that no longer
// names the person, and the erasure is counted. Deliveries still waiting are closed as skipped.
MATCH (s:Subscriber {id: $id})
WHERE $owner IS NULL OR s.ownerId = $owner
CALL (s) {
  MATCH (d:Delivery {subscriberId: s.id})
  WITH d, d.status IN ['pending', 'deferred', 'failed'] AS open
  SET d.key = d.eventId + '|erased-' + d.id + '|' + d.channel, d.subscriberId = null, d.erased = true,
      d.noticeKey = null,
      d.lastError = null,
      // what was still waiting will never be sent: closed as skipped, not left to die as failures
      d.status = CASE WHEN open THEN 'skipped' ELSE d.status END,
      d.dueAt = CASE WHEN open THEN null ELSE d.dueAt END
  RETURN count(d) AS deliveries
}
MERGE (t:ErasureTally {name: 'subscribers'})
SET t.count = coalesce(t.count, 0) + 1, t.lastAt = $now
DETACH DELETE s
RETURN deliveries
