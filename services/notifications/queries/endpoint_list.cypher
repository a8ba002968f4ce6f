MATCH (w:WebhookEndpoint)
WHERE ($owner IS NULL OR w.ownerId = $owner) AND ($after IS NULL OR w.id > $after)
RETURN w ORDER BY w.id LIMIT $limit
