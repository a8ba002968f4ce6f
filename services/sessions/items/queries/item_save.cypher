// Creates or rewrites an item and its links: TESTS (policy, version), ABOUT topics, FOR audiences.
MERGE (i:Item {id: $id})
ON CREATE SET i.createdAt = datetime(), i.createdBy = $createdBy, i.revision = 0
SET i.kind = $item.kind, i.stem = $item.stem, i.choices = $item.choices,
    i.correctChoiceIds = $item.correctChoiceIds, i.explanation = $item.explanation,
    i.topics = $item.topics, i.audiences = $item.audiences, i.anonymous = $item.anonymous,
    i.status = $item.status, i.review = $item.review,
    i.updatedAt = datetime(), i.revision = i.revision + 1
WITH i
OPTIONAL MATCH (i)-[old:TESTS|ABOUT|FOR]->()
DELETE old
WITH DISTINCT i
CALL (i) {
  OPTIONAL MATCH (p:Policy {id: $policyId})
  FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | CREATE (i)-[:TESTS {version: $version}]->(p))
}
CALL (i) {
  UNWIND $item.topics AS topicId
  MATCH (t:Topic {id: topicId})
  CREATE (i)-[:ABOUT]->(t)
}
CALL (i) {
  UNWIND $item.audiences AS audienceId
  MATCH (a:Audience {id: audienceId})
  CREATE (i)-[:FOR]->(a)
}
RETURN i.revision AS revision
