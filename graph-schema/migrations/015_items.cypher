// Issue 15 (quiz side): the item bank. Items are unique by id; the bank is listed newest first and
// filtered by status (needs-review); the stale-item consumer finds items by the policy they TESTS
// (a relationship from the item, so the lookup starts at the policy node and needs no index);
// awareness.measured is emitted once per session (the marker's key).

CREATE CONSTRAINT item_id IF NOT EXISTS
FOR (i:Item) REQUIRE i.id IS UNIQUE;

CREATE INDEX item_status IF NOT EXISTS
FOR (i:Item) ON (i.status);

CREATE INDEX item_created_at IF NOT EXISTS
FOR (i:Item) ON (i.createdAt);

CREATE CONSTRAINT awareness_measured_session IF NOT EXISTS
FOR (m:AwarenessMeasured) REQUIRE m.sessionId IS UNIQUE;
