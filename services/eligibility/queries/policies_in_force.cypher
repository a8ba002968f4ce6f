// Appended to the shared in-force match (packages/graph): every policy in force, with or without rules,
// in the order of rules_in_force.cypher (most local first), so a draft's rules can take their place.
RETURN p.id AS policyId, rank
ORDER BY rank, policyId
