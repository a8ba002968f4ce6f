// Who hosts a session (null when there is no such session).
OPTIONAL MATCH (s:LiveSession {id: $id})
RETURN s IS NOT NULL AS found, s.hostId AS hostId, s.title AS title
