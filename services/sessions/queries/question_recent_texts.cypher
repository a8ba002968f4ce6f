// The session's recent questions that are still in play, for the near-duplicate check.
MATCH (q:Question {sessionId: $sessionId})
WHERE q.status IN ['pending', 'approved', 'answered']
WITH q ORDER BY q.createdAt DESC LIMIT 500
RETURN q.id AS id, q.text AS text, q.status AS status, q.votes AS votes
