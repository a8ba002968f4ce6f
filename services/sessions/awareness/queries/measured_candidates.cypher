// Sessions that are over (their last occurrence ended within the last 30 days), whose launches are
// all closed, that have knowledge answers and have not been measured yet.
MATCH (s:LiveSession)
WHERE s.status = 'scheduled' AND s.lastEndsAt < datetime($now) AND s.lastEndsAt > datetime($now) - duration('P30D')
  AND NOT EXISTS { MATCH (:AwarenessMeasured {sessionId: s.id}) }
  AND NOT EXISTS { MATCH (:ItemLaunch {status: 'open'})-[:IN]->(s) }
  AND EXISTS { MATCH (a:Answer {sessionId: s.id}) WHERE a.correct IS NOT NULL }
RETURN s.id AS id
LIMIT 100
