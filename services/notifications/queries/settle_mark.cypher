// Marks an event settled once its channel.synced acknowledgement was published.
MATCH (e:NotificationEvent {id: $eventId})
WHERE e.settledAt IS NULL
SET e.settledAt = $now
REMOVE e:Unsettled
RETURN e.id AS eventId
