// Locks and reads everything a batch of votes and retractions touches, in the house order (the vote
// ledger, the voters' rate windows, then the questions, each sorted by key so two instances' batches take them
// in one order), then the votes already cast and their client-address tallies. Every Vote and
// VoteTally of a question is written under the question's lock, so what is read here stays true
// until the batch commits.
// The batch comes as one map, $b: Neo4j keys its plan cache by the parameters' types, and a list's type
// includes a bucket of its size, so lists given as separate parameters were planned again (~300 ms)
// whenever a batch's sizes fell into a combination of buckets not seen before, which in a bench was
// most batches. A list inside a map is not bucketed: the query is planned once.
CALL () {
  // the vote ledger first (a batch from the vote stream): what is at or below its sequence was applied
  UNWIND CASE WHEN $b.ledgerKey IS NULL THEN [] ELSE [$b.ledgerKey] END AS key
  MERGE (l:VoteLedger {key: key})
  ON CREATE SET l.appliedSeq = 0
  SET l.lockedAt = datetime()
  RETURN collect(l.appliedSeq) AS ledger
}
CALL () {
  UNWIND $b.rateKeys AS key
  MERGE (w:RateWindow {key: key})
  ON CREATE SET w.count = 0, w.expiresAt = datetime($b.expiresAt)
  SET w.lockedAt = datetime()
  RETURN collect({key: key, count: w.count}) AS rates
}
CALL () {
  UNWIND $b.questionIds AS id
  MATCH (q:Question {id: id})-[:ASKED_IN]->(s:LiveSession)
  SET q.lockedAt = datetime()
  RETURN collect({
    id: id, sessionId: q.sessionId, status: q.status, votes: q.votes, revision: q.revision,
    sessionStatus: s.status, ended: s.lastEndsAt IS NOT NULL AND s.lastEndsAt < datetime()
  }) AS questions
}
CALL () {
  UNWIND $b.voteKeys AS key
  MATCH (v:Vote {key: key})
  RETURN collect({key: key, tallyKey: v.tallyKey}) AS votes
}
CALL (votes) {
  UNWIND $b.tallyKeys + [v IN votes WHERE v.tallyKey IS NOT NULL | v.tallyKey] AS key
  WITH DISTINCT key
  OPTIONAL MATCH (t:VoteTally {key: key})
  RETURN collect({key: key, count: coalesce(t.count, 0)}) AS tallies
}
RETURN ledger, rates, questions, votes, tallies
