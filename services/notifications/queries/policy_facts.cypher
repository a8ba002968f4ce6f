// What messages about a policy event say, from the graph: the title, plain summaries by audience and
// benefit rules of the version the event names (the latest when it names none), and the amendment's
// summary, change list and publication time (policy.version.effective carries none of them).
MATCH (p:Policy {id: $id})
OPTIONAL MATCH (p)-[:HAS_VERSION]->(v)
WITH v ORDER BY CASE WHEN v.version = $version THEN 0 ELSE 1 END, v.version DESC LIMIT 1
OPTIONAL MATCH (a:Amendment {id: $amendmentId})
RETURN v.title AS title, v.summaries AS summaries, v.rules AS rules,
       a.summary AS amendmentSummary, a.changes AS changes, a.publishedAt AS publishedAt
