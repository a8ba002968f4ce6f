// Items citing the policy at a version older than the amendment's (every version when it has none).
MATCH (i:Item)-[t:TESTS]->(:Policy {id: $policyId})
WHERE $version IS NULL OR t.version < $version
RETURN i.id AS id, i.review AS review, t.version AS version
ORDER BY i.id
