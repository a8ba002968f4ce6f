// The session's recent questions that are still in play, for the near-duplicate check.
// Seeks the (sessionId, createdAt) index (`q.createdAt IS NOT NULL`: every question has it; the hint keeps the
// planner from scanning every question of every session, as it did without them).
MATCH (q:Question)
USING INDEX q:Question(sessionId, createdAt)
WHERE q.sessionId = $sessionId AND q.createdAt IS NOT NULL AND q.status IN ['pending', 'approved', 'answered']
WITH q ORDER BY q.createdAt DESC LIMIT 500
RETURN q.id AS id, q.text AS text, q.status AS status, q.votes AS votes
