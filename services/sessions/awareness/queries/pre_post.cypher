// A session's knowledge answers in pre- and post-test launches, by respondent (anonymous answers,
// which name nobody, cannot be paired and are left out).
MATCH (a:Answer {sessionId: $sessionId})-[:IN]->(l:ItemLaunch)
WHERE a.correct IS NOT NULL AND a.respondentId IS NOT NULL AND l.purpose IN ['preTest', 'postTest']
OPTIONAL MATCH (a)-[:TO]->(:Item)-[:TESTS]->(p:Policy)
RETURN l.purpose AS purpose, a.respondentId AS respondentId, a.correct AS correct, p.id AS policyId
