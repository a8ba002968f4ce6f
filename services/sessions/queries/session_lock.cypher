// Takes the write lock of one session before it is read: every change of it (PATCH, cancel,
// moderation that needs the session) waits here, so it compares and writes the latest state.
// Lock order everywhere: session, then host, then channel.
MATCH (s:LiveSession {id: $id})
SET s.lockedAt = datetime()
RETURN s.id AS id
