// Takes the launch's write lock (host actions on one launch are serialised).
MATCH (l:ItemLaunch {id: $id})
SET l.lockedAt = datetime()
RETURN l.id AS id
