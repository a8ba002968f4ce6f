// Drops rate-limit windows that have expired.
MATCH (w:RateWindow)
WHERE w.expiresAt < datetime()
WITH w LIMIT 1000
DELETE w
RETURN count(*) AS pruned
