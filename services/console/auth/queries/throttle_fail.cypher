// Counts a failed sign-in against each key; a window that has run out starts again.
UNWIND $keys AS key
MERGE (t:SignInThrottle {key: key})
ON CREATE SET t.windowStart = datetime(), t.failures = 0
WITH t
SET t.failures = CASE WHEN t.windowStart + duration({seconds: $windowSeconds}) <= datetime() THEN 1
                      ELSE t.failures + 1 END,
    t.windowStart = CASE WHEN t.windowStart + duration({seconds: $windowSeconds}) <= datetime() THEN datetime()
                         ELSE t.windowStart END
