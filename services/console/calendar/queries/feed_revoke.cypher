// Ends an account's calendar feed: its address stops answering at once.
MATCH (a:ConsoleAccount {id: $id})
REMOVE a.calendarFeedHash, a.calendarFeedIssuedAt
