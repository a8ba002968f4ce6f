// Gives a new session the first of the candidate join codes no other session holds (the unique
// constraint refuses the rare simultaneous twin; the create is then retried).
MATCH (s:LiveSession {id: $id})
WITH s, [c IN $codes WHERE NOT EXISTS { MATCH (:LiveSession {joinCode: c}) }][0] AS code
SET s.joinCode = code
RETURN code
