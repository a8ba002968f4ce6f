// Writes a batch of questions (decided under the locks question_batch_lock.cypher took): the rate
// windows' counts, and each question taken, asked in its session. The questions of one batch are
// created in the order they were asked, a nanosecond apart, so "newest first" stays the order of
// asking within a batch too.
// The batch comes as one map, $b (see question_batch_lock.cypher): the query is planned once.
CALL () {
  UNWIND $b.rates AS r
  MATCH (w:RateWindow {key: r.key})
  SET w.count = r.count
}
CALL () {
  UNWIND range(0, size($b.questions) - 1) AS i
  WITH i, $b.questions[i] AS n, datetime() + duration({nanoseconds: i}) AS at
  MATCH (s:LiveSession {id: n.sessionId})
  CREATE (q:Question {
    id: n.id, sessionId: n.sessionId, text: n.text, originalText: n.text, askerKey: n.askerKey,
    askerName: n.askerName, status: n.status, votes: 0, revision: 0, pinned: false,
    similarTo: n.similarTo, createdAt: at, updatedAt: at
  })-[:ASKED_IN]->(s)
  RETURN collect(q) AS created
}
RETURN created
