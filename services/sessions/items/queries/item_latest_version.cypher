// The newest version of a policy (what a confirmed item tests by default).
MATCH (:Policy {id: $policyId})-[:HAS_VERSION]->(v:PolicyVersion)
RETURN max(v.version) AS version
