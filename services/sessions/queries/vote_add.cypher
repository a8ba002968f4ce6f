// One vote per voter and question, in one round trip: the question's write lock is taken first
// (so the count below reads the latest total), the session must still take votes, the Vote key is
// unique, and the count moves only when the vote is new. A new vote also counts against its client
// address's tally for the question (the tally node's lock makes the count exact); the caller rolls
// the transaction back when the tally is over the limit.
MATCH (q:Question {id: $id})-[:ASKED_IN]->(s:LiveSession)
SET q.lockedAt = datetime()
WITH q, s,
     CASE
       WHEN s.status = 'cancelled' THEN 'cancelled'
       WHEN s.lastEndsAt IS NOT NULL AND s.lastEndsAt < datetime() THEN 'over'
       WHEN NOT q.status IN ['approved', 'answered'] THEN q.status
       ELSE 'open'
     END AS gate
OPTIONAL CALL (q, gate) {
  WITH q WHERE gate = 'open'
  MERGE (v:Vote {key: $key})
  ON CREATE SET v.questionId = q.id, v.voterKey = $voterKey, v.tallyKey = $tallyKey, v.at = datetime(),
                v.nonce = $nonce
  WITH q, v.nonce = $nonce AS created
  SET q.votes = q.votes + CASE WHEN created THEN 1 ELSE 0 END,
      q.revision = q.revision + CASE WHEN created THEN 1 ELSE 0 END
  WITH created
  OPTIONAL CALL (created) {
    WITH created WHERE created
    MERGE (t:VoteTally {key: $tallyKey})
    ON CREATE SET t.count = 0
    SET t.count = t.count + 1
    RETURN t.count AS tally
  }
  RETURN created, tally
}
RETURN gate, q.sessionId AS sessionId, q.votes AS votes, q.revision AS revision, created, tally
