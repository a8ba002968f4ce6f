// Sessions whose span may overlap [$from, $to), filtered by topic (directly or through a covered
// policy about it), region (the region itself or any region above it) and audience.
MATCH (s:LiveSession)
WHERE s.startsAt < datetime($to)
  AND (s.lastEndsAt IS NULL OR s.lastEndsAt > datetime($from))
  AND ($includeCancelled OR s.status = 'scheduled')
  AND ($hostId IS NULL OR s.hostId = $hostId)
  AND ($topic IS NULL OR EXISTS { (s)-[:COVERS]->(:Topic {id: $topic}) }
       OR EXISTS { (s)-[:COVERS]->(:Policy)-[:ABOUT]->(:Topic {id: $topic}) })
  AND ($audience IS NULL OR EXISTS { (s)-[:FOR]->(:Audience {id: $audience}) })
  AND ($region IS NULL OR EXISTS {
        MATCH (:Region {code: $region})-[:PART_OF*0..4]->(a:Region)<-[:IN]-(s) })
WITH s ORDER BY s.startsAt, s.id
LIMIT $limit
RETURN s,
       COLLECT { MATCH (s)-[:COVERS]->(p:Policy) RETURN p.id ORDER BY p.id } AS policies,
       COLLECT { MATCH (s)-[:COVERS]->(t:Topic) RETURN t.id ORDER BY t.id } AS topics,
       COLLECT { MATCH (s)-[:FOR]->(a:Audience) RETURN a.id ORDER BY a.id } AS audiences,
       [(s)-[:IN]->(r:Region) | r { .code, .name }][0] AS region
