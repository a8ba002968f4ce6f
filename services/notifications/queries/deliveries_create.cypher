// Creates one delivery per (event, subscriber, channel); a delivery that exists already is left as it
// is. A row with a noticeKey (an amendment's notice to one subscriber on one channel) is merged on
// that key, which is unique: when another event of the same notice made it first (the publication
// and a version taking effect the same day), this event makes none. Returns the keys of the rows that
// are this event's deliveries.
UNWIND $rows AS row
CALL (row) {
  WITH row WHERE row.noticeKey IS NULL
  MERGE (d:Delivery {key: row.key})
  ON CREATE SET d.id = row.id, d.eventId = $eventId, d.eventType = $eventType, d.subscriberId = row.subscriberId,
                d.channel = row.channel, d.status = row.status, d.attempts = 0, d.tries = 0,
                d.dueAt = row.dueAt, d.digest = row.digest, d.createdAt = $now, d.enqueuedAt = $now,
                d.amendmentId = $amendmentId, d.policyId = $policyId
  RETURN d
  UNION
  WITH row WHERE row.noticeKey IS NOT NULL
  MERGE (d:Delivery {noticeKey: row.noticeKey})
  ON CREATE SET d.key = row.key, d.id = row.id, d.eventId = $eventId, d.eventType = $eventType,
                d.subscriberId = row.subscriberId, d.channel = row.channel, d.status = row.status,
                d.attempts = 0, d.tries = 0, d.dueAt = row.dueAt, d.digest = row.digest, d.createdAt = $now,
                d.enqueuedAt = $now, d.amendmentId = $amendmentId, d.policyId = $policyId
  RETURN d
}
WITH d WHERE d.eventId = $eventId
RETURN collect(d.key) AS keys
