// The foundation's own nodes: the transactional outbox and API keys.
// Migrations are immutable once applied: change the schema with a new numbered file.

CREATE CONSTRAINT outbox_event_id IF NOT EXISTS
FOR (o:OutboxEvent) REQUIRE o.id IS UNIQUE;

CREATE INDEX outbox_event_status_created IF NOT EXISTS
FOR (o:OutboxEvent) ON (o.status, o.createdAt);

CREATE CONSTRAINT api_key_id IF NOT EXISTS
FOR (k:ApiKey) REQUIRE k.id IS UNIQUE;
