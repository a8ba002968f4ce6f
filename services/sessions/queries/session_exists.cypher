// Whether a session exists (a read of its questions answers 404 otherwise).
MATCH (s:LiveSession {id: $id})
RETURN s.id AS id
