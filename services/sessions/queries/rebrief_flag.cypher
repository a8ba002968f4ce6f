// Flags a session for a rebrief with the amendment's summary and change list.
MATCH (s:LiveSession {id: $id})
SET s.needsRebrief = true, s.rebriefs = $rebriefs, s.sequence = s.sequence + 1, s.updatedAt = datetime()
RETURN s.sequence AS sequence
