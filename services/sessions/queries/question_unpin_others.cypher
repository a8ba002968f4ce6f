// Only one question of a session is pinned at a time.
// Seeks the (sessionId, createdAt) index (`q.createdAt IS NOT NULL`: every question has it; the hint keeps the
// planner from scanning every question of every session, as it did without them).
MATCH (q:Question)
USING INDEX q:Question(sessionId, createdAt)
WHERE q.sessionId = $sessionId AND q.createdAt IS NOT NULL AND q.pinned = true AND q.id <> $id
SET q.pinned = false, q.revision = q.revision + 1, q.updatedAt = datetime()
RETURN q.id AS id
