// The deliveries of an event waiting for a worker (jobs to publish after fan-out).
MATCH (d:Delivery {eventId: $eventId})
WHERE d.status = 'pending'
RETURN d.key AS key, d.channel AS channel, coalesce(d.digest, false) AS digest
