// Writes a batch of questions (decided under the locks question_batch_lock.cypher took): the rate
// windows' counts, and each question taken, asked in its session. The questions come sorted by session
// (creating the ASKED_IN relationship locks the session: two batches take those locks in one order); each
// is created `seq` nanoseconds after the statement's time, its place in the order asked, so "newest first"
// stays the order of asking within a batch too.
// The batch comes as one map, $b (see question_batch_lock.cypher): the query is planned once.
CALL () {
  UNWIND $b.rates AS r
  MATCH (w:RateWindow {key: r.key})
  SET w.count = r.count
}
CALL () {
  UNWIND $b.questions AS n
  WITH n, datetime() + duration({nanoseconds: toInteger(n.seq)}) AS at
  MATCH (s:LiveSession {id: n.sessionId})
  CREATE (q:Question {
    id: n.id, sessionId: n.sessionId, text: n.text, originalText: n.text, askerKey: n.askerKey,
    askerName: n.askerName, status: n.status, votes: 0, revision: 0, pinned: false,
    similarTo: n.similarTo, createdAt: at, updatedAt: at
  })-[:ASKED_IN]->(s)
  RETURN collect(q) AS created
}
RETURN created
