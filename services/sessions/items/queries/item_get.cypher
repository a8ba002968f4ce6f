// One item with the policy and version it tests.
MATCH (i:Item {id: $id})
OPTIONAL MATCH (i)-[t:TESTS]->(p:Policy)
RETURN i {.*} AS item, p.id AS policyId, t.version AS version
