// The session a launch goes to: its host and whether it still exists as a live session.
MATCH (s:LiveSession {id: $id})
RETURN s.hostId AS hostId, s.status AS status
