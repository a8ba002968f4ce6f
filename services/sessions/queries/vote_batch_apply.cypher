// Writes a batch's outcome (decided under the locks vote_batch_lock.cypher took): the rate windows'
// and tallies' counts, the questions' totals and revisions, the votes cast and the votes retracted, and
// the last sequence of the vote stream the batch applied (in the same transaction).
// The batch comes as one map, $b: Neo4j keys its plan cache by the parameters' types, and a list's type
// includes a bucket of its size, so lists given as separate parameters were planned again (~300 ms)
// whenever a batch's sizes fell into a combination of buckets not seen before, which in a bench was
// most batches. A list inside a map is not bucketed: the query is planned once.
CALL () {
  UNWIND $b.rates AS r
  MATCH (w:RateWindow {key: r.key})
  SET w.count = r.count
}
CALL () {
  UNWIND $b.tallies AS r
  MERGE (t:VoteTally {key: r.key})
  SET t.count = r.count
}
CALL () {
  UNWIND $b.questions AS r
  MATCH (q:Question {id: r.id})
  SET q.votes = r.votes, q.revision = r.revision
}
CALL () {
  UNWIND $b.removed AS key
  MATCH (v:Vote {key: key})
  DETACH DELETE v
}
CALL () {
  UNWIND $b.cast AS r
  MERGE (v:Vote {key: r.key})
  ON CREATE SET v.questionId = r.questionId, v.voterKey = r.voterKey, v.at = datetime()
  SET v.tallyKey = r.tallyKey
}
CALL () {
  UNWIND $b.ledger AS g
  MATCH (l:VoteLedger {key: g.key})
  SET l.appliedSeq = g.seq, l.appliedAt = datetime()
}
RETURN true AS done
