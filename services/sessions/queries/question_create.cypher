// A new question, asked in a session.
MATCH (s:LiveSession {id: $sessionId})
CREATE (q:Question {
  id: $id, sessionId: $sessionId, text: $text, originalText: $text, askerKey: $askerKey,
  askerName: $askerName, status: $status, votes: 0, revision: 0, pinned: false,
  similarTo: $similarTo, createdAt: datetime(), updatedAt: datetime()
})-[:ASKED_IN]->(s)
RETURN q
