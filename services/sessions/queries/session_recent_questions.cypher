// Questions a session took since $since (its per-session rate limit). A count, not a lock, so
// questions to one session are not serialised; concurrent askers may overshoot it by a few.
MATCH (q:Question)
WHERE q.sessionId = $sessionId AND q.createdAt >= datetime($since)
RETURN count(q) AS count
