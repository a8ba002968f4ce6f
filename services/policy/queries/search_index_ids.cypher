// The ids of every policy version with its policy: the in-process search index compares them with what
// it holds and reloads the policies whose versions were added or removed.
MATCH (p:Policy)-[:HAS_VERSION]->(v)
RETURN v.id AS id, p.id AS policyId
