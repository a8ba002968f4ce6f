// What every delivery of these events sends: the context its templates read and the CloudEvent.
// Written once when the event is first fanned out and never changed (event_upsert.cypher).
UNWIND $ids AS id
MATCH (e:NotificationEvent {id: id})
RETURN e.id AS id, e.context AS context, e.payload AS payload
