// One question, its session's state and the policies its answer cites.
MATCH (q:Question {id: $id})-[:ASKED_IN]->(s:LiveSession)
RETURN q, s.status AS sessionStatus, s.hostId AS hostId,
       s.lastEndsAt IS NOT NULL AND s.lastEndsAt < datetime() AS ended,
       COLLECT { MATCH (q)-[r:CITES]->(p:Policy) RETURN {policyId: p.id, version: r.version} ORDER BY p.id } AS cited
