// The regions whose in-force answers a policy's versions can change: every region the policy
// applies in and every region below them (PART_OF, at most county under national: 3 steps, as in
// in_force.cypher). Amendments never change where a policy applies, so this is the same before and
// after one. No row when the policy does not exist.
MATCH (p:Policy {id: $policyId})
OPTIONAL MATCH (p)-[:APPLIES_IN]->(:Region)<-[:PART_OF*0..3]-(d:Region)
RETURN p.id AS policyId, collect(DISTINCT d.code) AS regions
