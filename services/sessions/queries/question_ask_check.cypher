// Locks and reads, in one round trip, everything asking a question in a session is decided on
// (ask_intake.ts): the session's gate; the asker's and the address's rate windows of this minute, in
// that order ($rateKeys), locked (a new one starts at 0); the questions the session took this minute
// (its own limit: a count, not a lock, so questions to one session are not serialised and concurrent
// askers may overshoot it by a few); and its last 500 questions still in play, for the near-duplicate
// check. No row when there is no such session. Nothing is counted here: question_create.cypher counts
// the windows in the same transaction when the question is taken.
// The session's questions are sought through the (sessionId, createdAt) index (`q.createdAt IS NOT
// NULL`: every question has it; the hint keeps the planner from scanning every question of every
// session). The recent questions come back as one list of [id, text, status, votes], not a row or a map
// each: one Bolt record, and no keys repeated 500 times, to decode.
MATCH (s:LiveSession {id: $sessionId})
CALL (s) {
  UNWIND $rateKeys AS key
  MERGE (w:RateWindow {key: key})
  ON CREATE SET w.count = 0, w.expiresAt = datetime($expiresAt)
  SET w.lockedAt = datetime()
  RETURN collect({key: key, count: w.count}) AS rates
}
CALL () {
  MATCH (q:Question)
  WHERE q.sessionId = $sessionId AND q.createdAt >= datetime($since)
  RETURN count(q) AS taken
}
CALL () {
  MATCH (q:Question)
  USING INDEX q:Question(sessionId, createdAt)
  WHERE q.sessionId = $sessionId AND q.createdAt IS NOT NULL AND q.status IN ['pending', 'approved', 'answered']
  WITH q ORDER BY q.createdAt DESC LIMIT 500
  RETURN collect([q.id, q.text, q.status, q.votes]) AS recent
}
RETURN s.status AS status, s.requiresReview AS requiresReview,
       s.lastEndsAt IS NOT NULL AND s.lastEndsAt < datetime() AS ended,
       rates, taken, recent
