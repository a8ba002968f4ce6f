MATCH (w:WebhookEndpoint {id: $id})
WHERE $owner IS NULL OR w.ownerId = $owner
SET w += $props, w.updatedAt = $now
RETURN w
