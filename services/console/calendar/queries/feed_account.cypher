// The enabled host or admin account whose calendar feed secret has this hash.
MATCH (a:ConsoleAccount {calendarFeedHash: $hash})
WHERE NOT coalesce(a.disabled, false) AND a.role IN ['host', 'admin']
RETURN a.id AS id, a.name AS name, a.role AS role
LIMIT 1
