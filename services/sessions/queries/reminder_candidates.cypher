// Scheduled sessions that may have an occurrence starting before $until and have not ended.
MATCH (s:LiveSession)
WHERE s.status = 'scheduled' AND s.startsAt < datetime($until)
  AND (s.lastEndsAt IS NULL OR s.lastEndsAt > datetime($now))
RETURN s,
       COLLECT { MATCH (s)-[:COVERS]->(p:Policy) RETURN p.id ORDER BY p.id } AS policies,
       COLLECT { MATCH (s)-[:COVERS]->(t:Topic) RETURN t.id ORDER BY t.id } AS topics,
       COLLECT { MATCH (s)-[:FOR]->(a:Audience) RETURN a.id ORDER BY a.id } AS audiences,
       [(s)-[:IN]->(r:Region) | r { .code, .name }][0] AS region
