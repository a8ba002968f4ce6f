MATCH (s:ConsoleSession {id: $id})
DETACH DELETE s
