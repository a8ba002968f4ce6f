MATCH (e:NotificationEvent {id: $id})
SET e.fannedOutAt = coalesce(e.fannedOutAt, $now), e.targeted = $targeted, e.deliveries = $deliveries
