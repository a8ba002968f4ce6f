MATCH (e:NotificationEvent {id: $id})
SET e.fannedOutAt = coalesce(e.fannedOutAt, $now), e.targeted = $targeted, e.deliveries = $deliveries
// waiting for its acknowledgement: the settle query reads only this label, never every event
FOREACH (_ IN CASE WHEN e.settledAt IS NULL THEN [1] ELSE [] END | SET e:Unsettled)
