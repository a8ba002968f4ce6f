// One session with its links.
MATCH (s:LiveSession {id: $id})
RETURN s,
       COLLECT { MATCH (s)-[:COVERS]->(p:Policy) RETURN p.id ORDER BY p.id } AS policies,
       COLLECT { MATCH (s)-[:COVERS]->(t:Topic) RETURN t.id ORDER BY t.id } AS topics,
       COLLECT { MATCH (s)-[:FOR]->(a:Audience) RETURN a.id ORDER BY a.id } AS audiences,
       [(s)-[:IN]->(r:Region) | r { .code, .name }][0] AS region
