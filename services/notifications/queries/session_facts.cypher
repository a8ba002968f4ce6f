// A live session's title and start, and the policies and topics it COVERS (written by the sessions service).
OPTIONAL MATCH (l:LiveSession {id: $id})
OPTIONAL MATCH (l)-[:COVERS]->(x)
RETURN l.title AS title, toString(l.startsAt) AS startsAt,
       [y IN collect(x) WHERE y:Policy | y.id] AS policyIds,
       [y IN collect(x) WHERE y:Topic | y.id] AS topicIds
