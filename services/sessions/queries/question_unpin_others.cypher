// Only one question of a session is pinned at a time.
MATCH (q:Question {sessionId: $sessionId, pinned: true})
WHERE q.id <> $id
SET q.pinned = false, q.revision = q.revision + 1, q.updatedAt = datetime()
RETURN q.id AS id
