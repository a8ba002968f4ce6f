MATCH (o:OutboxEvent {status: 'sent'})
WHERE o.sentAt < datetime() - duration({days: $keepDays})
WITH o LIMIT 1000
DELETE o
RETURN count(*) AS pruned
