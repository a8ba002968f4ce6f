MATCH (a:Amendment {id: $id})
SET a.effectiveEventId = $eventId
