// Opens a scheduled follow-up (the caller holds the launch's lock and saw it still scheduled).
MATCH (l:ItemLaunch {id: $id})
SET l.status = 'open', l.openedAt = datetime(), l.revision = l.revision + 1
RETURN l.id AS id
