MATCH (d:Delivery)
WHERE ($subscriberId IS NULL OR d.subscriberId = $subscriberId)
  AND ($eventId IS NULL OR d.eventId = $eventId)
  AND ($status IS NULL OR d.status = $status)
  AND ($channel IS NULL OR d.channel = $channel)
  AND ($after IS NULL OR d.id > $after)
RETURN d ORDER BY d.id LIMIT $limit
