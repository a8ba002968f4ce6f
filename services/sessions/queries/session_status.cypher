// Cancels a whole session, or replaces its occurrence exceptions; bumps its sequence.
MATCH (s:LiveSession {id: $id})
SET s.status = coalesce($status, s.status), s.exceptions = coalesce($exceptions, s.exceptions),
    s.lastEndsAt = CASE WHEN $touchLastEnd THEN
                     (CASE WHEN $lastEndsAt IS NULL THEN null ELSE datetime($lastEndsAt) END)
                   ELSE s.lastEndsAt END,
    s.cancelReason = coalesce($reason, s.cancelReason),
    s.sequence = s.sequence + 1, s.updatedAt = datetime()
RETURN s.sequence AS sequence
