// Settling events without scanning them all: deliveries are looked up by (event, status), and the
// events still waiting for their channel.synced acknowledgement carry the label Unsettled.

CREATE INDEX delivery_event_status IF NOT EXISTS
FOR (d:Delivery) ON (d.eventId, d.status);

MATCH (e:NotificationEvent)
WHERE e.settledAt IS NULL AND e.fannedOutAt IS NOT NULL
SET e:Unsettled;
