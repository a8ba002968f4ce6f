MATCH (p:Policy {id: $policyId})
CREATE (a:Amendment {id: $a.id, policyId: $policyId, status: 'draft', summary: $a.summary,
                     changes: $a.changes, effectiveFrom: date($a.effectiveFrom), baseVersion: $a.baseVersion,
                     initial: $a.initial, authorId: $actor.id, authorName: $actor.name, revision: 1,
                     createdAt: datetime(), updatedAt: datetime()})
CREATE (a)-[:AMENDS]->(p)
RETURN a.id AS id
