// Closes, reveals or hides a launch; every change bumps its revision.
MATCH (l:ItemLaunch {id: $id})
SET l.status = $status, l.resultsVisible = $resultsVisible,
    l.closedAt = CASE WHEN $status = 'closed' AND l.closedAt IS NULL THEN datetime() ELSE l.closedAt END,
    l.revision = l.revision + 1
RETURN l {.*} AS l
