// Writes a question's moderation state; replaces the policies its answer cites when given.
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
  UNWIND coalesce($cited, []) AS pid
  MATCH (p:Policy {id: pid})
  MERGE (q)-[:CITES]->(p)
}
RETURN q.revision AS revision
