UNWIND $sent AS s
MATCH (o:OutboxEvent {id: s.id})
SET o.status = 'sent', o.sentAt = datetime(), o.streamSeq = s.seq, o.claimUntil = null
