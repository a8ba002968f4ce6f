// Claim a batch of pending events for this relay for a lease; an expired lease (a dead relay) is taken over,
// and this relay's own claims (a round that failed, e.g. while NATS elected a leader) are taken again at once.
MATCH (o:OutboxEvent {status: 'pending'})
WHERE o.claimUntil IS NULL OR o.claimUntil < $now OR o.claimedBy = $relayId
WITH o ORDER BY o.createdAt, o.id LIMIT $limit
SET o.claimedBy = $relayId, o.claimUntil = $now + $leaseMs
RETURN o.id AS id, o.subject AS subject, o.payload AS payload, o.requestId AS requestId
ORDER BY o.createdAt, o.id
