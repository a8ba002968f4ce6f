// Locks and reads everything a batch of votes and retractions touches, in the house order (the vote
// ledger, the voters' rate windows, then the questions, each sorted by key so two instances' batches take them
// in one order), then the votes already cast and their client-address tallies. Every Vote and
// VoteTally of a question is written under the question's lock, so what is read here stays true
// until the batch commits.
CALL () {
  // the vote ledger first (a batch from the vote stream): what is at or below its sequence was applied
  UNWIND CASE WHEN $ledgerKey IS NULL THEN [] ELSE [$ledgerKey] END AS key
  MERGE (l:VoteLedger {key: key})
  ON CREATE SET l.appliedSeq = 0
  SET l.lockedAt = datetime()
  RETURN collect(l.appliedSeq) AS ledger
}
CALL () {
  UNWIND $rateKeys AS key
  MERGE (w:RateWindow {key: key})
  ON CREATE SET w.count = 0, w.expiresAt = datetime($expiresAt)
  SET w.lockedAt = datetime()
  RETURN collect({key: key, count: w.count}) AS rates
}
CALL () {
  UNWIND $questionIds AS id
  MATCH (q:Question {id: id})-[:ASKED_IN]->(s:LiveSession)
  SET q.lockedAt = datetime()
  RETURN collect({
    id: id, sessionId: q.sessionId, status: q.status, votes: q.votes, revision: q.revision,
    sessionStatus: s.status, ended: s.lastEndsAt IS NOT NULL AND s.lastEndsAt < datetime()
  }) AS questions
}
CALL () {
  UNWIND $voteKeys AS key
  MATCH (v:Vote {key: key})
  RETURN collect({key: key, tallyKey: v.tallyKey}) AS votes
}
CALL (votes) {
  UNWIND $tallyKeys + [v IN votes WHERE v.tallyKey IS NOT NULL | v.tallyKey] AS key
  WITH DISTINCT key
  OPTIONAL MATCH (t:VoteTally {key: key})
  RETURN collect({key: key, count: coalesce(t.count, 0)}) AS tallies
}
RETURN ledger, rates, questions, votes, tallies
