MATCH (s:ConsoleSession {id: $id})
SET s.lastSeenAt = datetime()
