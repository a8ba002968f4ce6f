// Writes an amendment's new state if its revision is still the one the caller read.
MATCH (a:Amendment {id: $id})
SET a._touch = timestamp()
WITH a
WHERE a.revision = $revision
SET a += $set, a.revision = a.revision + 1, a.updatedAt = datetime()
REMOVE a._touch
RETURN a {.*} AS amendment
