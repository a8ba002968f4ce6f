MATCH (w:WebhookEndpoint {id: $id})
WHERE $owner IS NULL OR w.ownerId = $owner
RETURN w
