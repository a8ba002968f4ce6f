// Moves the votes of a merged question to its target (a voter of both counts once there).
MATCH (from:Question {id: $from}), (into:Question {id: $into})
SET into.lockedAt = datetime()
WITH from, into
CALL (from, into) {
  MATCH (v:Vote {questionId: from.id})
  MERGE (w:Vote {key: into.id + '|' + v.voterKey})
  ON CREATE SET w.questionId = into.id, w.voterKey = v.voterKey, w.at = v.at
}
WITH into
SET into.votes = COUNT { MATCH (w:Vote {questionId: into.id}) }, into.revision = into.revision + 1,
    into.updatedAt = datetime()
RETURN into.votes AS votes, into.revision AS revision
