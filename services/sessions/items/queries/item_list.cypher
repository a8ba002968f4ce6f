// Items by topic, audience, cited policy, status and words in the stem; newest first, after the cursor.
MATCH (i:Item)
WHERE ($status IS NULL OR i.status = $status)
  AND ($topic IS NULL OR $topic IN i.topics)
  AND ($audience IS NULL OR $audience IN i.audiences)
  AND ($q IS NULL OR toLower(i.stem) CONTAINS toLower($q))
  AND ($policy IS NULL OR EXISTS { (i)-[:TESTS]->(:Policy {id: $policy}) })
  AND ($afterAt IS NULL OR i.createdAt < datetime($afterAt) OR (i.createdAt = datetime($afterAt) AND i.id < $afterId))
OPTIONAL MATCH (i)-[t:TESTS]->(p:Policy)
RETURN i {.*} AS item, p.id AS policyId, t.version AS version
ORDER BY i.createdAt DESC, i.id DESC
LIMIT $limit
