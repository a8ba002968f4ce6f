// Notifications: subscribers, partner webhook endpoints, deliveries (one per event, subscriber and
// channel: the uniqueness that makes fan-out exactly-once), and the events fanned out.

CREATE CONSTRAINT subscriber_id IF NOT EXISTS
FOR (s:Subscriber) REQUIRE s.id IS UNIQUE;

CREATE INDEX subscriber_owner IF NOT EXISTS
FOR (s:Subscriber) ON (s.ownerId);

CREATE CONSTRAINT webhook_endpoint_id IF NOT EXISTS
FOR (w:WebhookEndpoint) REQUIRE w.id IS UNIQUE;

CREATE CONSTRAINT delivery_key IF NOT EXISTS
FOR (d:Delivery) REQUIRE d.key IS UNIQUE;

CREATE CONSTRAINT delivery_id IF NOT EXISTS
FOR (d:Delivery) REQUIRE d.id IS UNIQUE;

CREATE INDEX delivery_event IF NOT EXISTS
FOR (d:Delivery) ON (d.eventId);

CREATE INDEX delivery_subscriber IF NOT EXISTS
FOR (d:Delivery) ON (d.subscriberId);

CREATE INDEX delivery_due IF NOT EXISTS
FOR (d:Delivery) ON (d.status, d.dueAt);

CREATE CONSTRAINT notification_event_id IF NOT EXISTS
FOR (e:NotificationEvent) REQUIRE e.id IS UNIQUE;

CREATE INDEX notification_event_settled IF NOT EXISTS
FOR (e:NotificationEvent) ON (e.settledAt);

CREATE CONSTRAINT erasure_tally_name IF NOT EXISTS
FOR (t:ErasureTally) REQUIRE t.name IS UNIQUE;
