// Creates one delivery per (event, subscriber, channel); a delivery that exists already is left as it is.
UNWIND $rows AS row
MERGE (d:Delivery {key: row.key})
ON CREATE SET d.id = row.id, d.eventId = $eventId, d.eventType = $eventType, d.subscriberId = row.subscriberId,
              d.channel = row.channel, d.status = row.status, d.attempts = 0, d.tries = 0,
              d.dueAt = row.dueAt, d.digest = row.digest, d.createdAt = $now, d.enqueuedAt = $now,
              d.amendmentId = $amendmentId, d.policyId = $policyId
RETURN count(*) AS n
