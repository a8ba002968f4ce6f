// A session's launches, newest first: the open ones, or all when $all.
MATCH (l:ItemLaunch)
WHERE l.sessionId = $sessionId AND ($all OR l.status = 'open' OR (l.status = 'closed' AND l.resultsVisible))
WITH l ORDER BY coalesce(l.openedAt, l.opensAt) DESC LIMIT 50
RETURN l {.*} AS l,
       COLLECT { MATCH (l)-[k:ASKS]->(it:Item) WITH k, it ORDER BY k.position RETURN it {.*} } AS items
