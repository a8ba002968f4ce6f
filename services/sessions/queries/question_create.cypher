// A new question, asked in a session, and the asker's and address's rate windows ($rateKeys, locked by
// question_ask_check.cypher in the same transaction) counting it.
CALL () {
  UNWIND $rateKeys AS key
  MATCH (w:RateWindow {key: key})
  SET w.count = w.count + 1
}
MATCH (s:LiveSession {id: $sessionId})
CREATE (q:Question {
  id: $id, sessionId: $sessionId, text: $text, originalText: $text, askerKey: $askerKey,
  askerName: $askerName, status: $status, votes: 0, revision: 0, pinned: false,
  similarTo: $similarTo, createdAt: datetime(), updatedAt: datetime()
})-[:ASKED_IN]->(s)
RETURN q
