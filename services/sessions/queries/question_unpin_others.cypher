// Only one question of a session is pinned at a time.
// From the session to its questions (ASKED_IN): one plan whatever the statistics say. Sought through the
// (sessionId, createdAt) index instead, the planner chose a seek or, depending on when the index was
// last sampled, a scan of every question of every session, filtered (seen in question_plans_test.ts).
MATCH (:LiveSession {id: $sessionId})<-[:ASKED_IN]-(q:Question)
WHERE q.pinned = true AND q.id <> $id
SET q.pinned = false, q.revision = q.revision + 1, q.updatedAt = datetime()
RETURN q.id AS id
