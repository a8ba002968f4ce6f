// Whether an account has a calendar feed, and since when.
MATCH (a:ConsoleAccount {id: $id})
WHERE a.calendarFeedHash IS NOT NULL
RETURN toString(a.calendarFeedIssuedAt) AS issuedAt
