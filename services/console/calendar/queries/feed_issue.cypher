// Gives an account a new calendar feed secret (its SHA-256 only), replacing any earlier one.
MATCH (a:ConsoleAccount {id: $id})
SET a.calendarFeedHash = $hash, a.calendarFeedIssuedAt = datetime()
RETURN toString(a.calendarFeedIssuedAt) AS issuedAt
