// Counts one request in a fixed window; the window node's write lock serialises the count.
MERGE (w:RateWindow {key: $key})
ON CREATE SET w.count = 0, w.expiresAt = datetime($expiresAt)
SET w.lockedAt = datetime()
WITH w
SET w.count = w.count + 1
RETURN w.count AS count
