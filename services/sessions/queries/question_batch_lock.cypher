// Locks and reads, in one round trip, everything a batch of questions is decided on (ask_batch.ts):
// the askers' and the addresses' rate windows of this minute, sorted by key ($b.rateKeys: two
// instances' batches take them in one order), locked (a new one starts at 0); then, for each session
// asked in, its gate, the questions it took this minute (its own limit: a count, not a lock, so
// questions to one session are not serialised across instances, and concurrent batches may overshoot it
// by a few) and its last $b.recentLimit questions still in play, for the near-duplicate check. A session
// that does not exist is left out. Nothing is counted here: question_batch_create.cypher writes the
// windows' counts in the same transaction.
// The recent questions are sought through the (sessionId, createdAt) index in its order, newest first
// (ORDER BY both of its keys: ordered by createdAt alone, the planner read every question of the
// session and sorted them, 7,500 database hits for a session of 3,000 questions instead of 2,700), and
// `q.createdAt IS NOT NULL` (every question has it) with the hint keeps the planner from scanning every
// question of every session. They come back as one list of [id, text, status, votes] per session, not a
// row or a map each: one Bolt record, and no keys repeated 500 times, to decode.
// The batch comes as one map, $b: Neo4j keys its plan cache by the parameters' types, and a list's type
// includes a bucket of its size; a list inside a map is not bucketed, so the query is planned once.
CALL () {
  UNWIND $b.rateKeys AS key
  MERGE (w:RateWindow {key: key})
  ON CREATE SET w.count = 0, w.expiresAt = datetime($b.expiresAt)
  SET w.lockedAt = datetime()
  RETURN collect({key: key, count: w.count}) AS rates
}
CALL () {
  UNWIND $b.sessionIds AS sid
  MATCH (s:LiveSession {id: sid})
  CALL (sid) {
    MATCH (q:Question)
    WHERE q.sessionId = sid AND q.createdAt >= datetime($b.since)
    RETURN count(q) AS taken
  }
  CALL (sid) {
    MATCH (q:Question)
    USING INDEX q:Question(sessionId, createdAt)
    WHERE q.sessionId = sid AND q.createdAt IS NOT NULL AND q.status IN ['pending', 'approved', 'answered']
    WITH q ORDER BY q.sessionId DESC, q.createdAt DESC LIMIT $b.recentLimit
    RETURN collect([q.id, q.text, q.status, q.votes]) AS recent
  }
  RETURN collect({
    id: sid, status: s.status, requiresReview: s.requiresReview,
    ended: s.lastEndsAt IS NOT NULL AND s.lastEndsAt < datetime(), taken: taken, recent: recent
  }) AS sessions
}
RETURN rates, sessions
