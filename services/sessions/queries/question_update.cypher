// Writes a question's moderation state; replaces the policies its answer cites (each with the version
// cited, or null) when given.
MATCH (q:Question {id: $id})
SET q.status = $status, q.text = $text, q.pinned = $pinned, q.answer = $answer,
    q.answeredAt = CASE WHEN $answer IS NULL THEN null ELSE coalesce(q.answeredAt, datetime()) END,
    q.answeredBy = $answeredBy, q.mergedInto = $mergedInto, q.dismissReason = $dismissReason,
    q.moderatedBy = $actorId, q.revision = q.revision + 1, q.updatedAt = datetime()
WITH q
CALL (q) {
  WITH q WHERE $cited IS NOT NULL
  OPTIONAL MATCH (q)-[old:CITES]->()
  DELETE old
}
CALL (q) {
  UNWIND coalesce($cited, []) AS c
  MATCH (p:Policy {id: c.policyId})
  MERGE (q)-[r:CITES]->(p)
  SET r.version = c.version
}
RETURN q.revision AS revision
