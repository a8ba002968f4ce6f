// Takes the question's write lock before reading counters.
MATCH (q:Question {id: $id})
SET q.lockedAt = datetime()
RETURN q.id AS id
