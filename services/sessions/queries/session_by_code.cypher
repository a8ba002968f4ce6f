// The session a join code names.
MATCH (s:LiveSession {joinCode: $code})
RETURN s.id AS id
