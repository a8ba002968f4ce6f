// One launch with its session's gate, region and audiences, and its items in order.
MATCH (l:ItemLaunch {id: $id})-[:IN]->(s:LiveSession)
OPTIONAL MATCH (s)-[:IN]->(r:Region)
RETURN l {.*} AS l, s.hostId AS hostId, s.status AS sessionStatus,
       s.lastEndsAt IS NOT NULL AND s.lastEndsAt < datetime() AS ended, r.code AS region,
       [(s)-[:FOR]->(a:Audience) | a.id] AS audiences,
       COLLECT { MATCH (l)-[k:ASKS]->(it:Item) WITH k, it ORDER BY k.position RETURN it {.*} } AS items
