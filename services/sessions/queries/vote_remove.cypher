// Retracts a voter's vote, when there is one (the question's write lock first, as for adding); the
// vote's client-address tally goes down with it.
MATCH (q:Question {id: $id})-[:ASKED_IN]->(s:LiveSession)
SET q.lockedAt = datetime()
WITH q, s,
     CASE
       WHEN s.status = 'cancelled' THEN 'cancelled'
       WHEN s.lastEndsAt IS NOT NULL AND s.lastEndsAt < datetime() THEN 'over'
       ELSE 'open'
     END AS gate
OPTIONAL CALL (q, gate) {
  WITH q WHERE gate = 'open'
  OPTIONAL MATCH (v:Vote {key: $key})
  OPTIONAL MATCH (t:VoteTally {key: v.tallyKey})
  SET t.count = t.count - 1
  WITH q, v, v IS NOT NULL AS existed
  DETACH DELETE v
  WITH q, existed
  SET q.votes = q.votes - CASE WHEN existed THEN 1 ELSE 0 END,
      q.revision = q.revision + CASE WHEN existed THEN 1 ELSE 0 END
  RETURN existed AS created, null AS tally
}
RETURN gate, q.sessionId AS sessionId, q.votes AS votes, q.revision AS revision, created, tally
