// Removes sessions past their absolute expiry or idle for longer than allowed, a batch at a time.
MATCH (s:ConsoleSession)
WHERE s.expiresAt <= datetime() OR s.lastSeenAt + duration({seconds: $idleSeconds}) <= datetime()
WITH s LIMIT 1000
DETACH DELETE s
RETURN count(*) AS removed
