// The session a question or vote goes to, with whether it still takes them.
MATCH (s:LiveSession {id: $id})
RETURN s.id AS id, s.status AS status, s.hostId AS hostId, s.requiresReview AS requiresReview,
       s.lastEndsAt IS NOT NULL AND s.lastEndsAt < datetime() AS ended
