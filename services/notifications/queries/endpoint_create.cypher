CREATE (w:WebhookEndpoint {id: $w.id, ownerId: $w.ownerId, url: $w.url, eventTypes: $w.eventTypes,
                           description: $w.description, secret: $w.secret, status: 'active',
                           createdAt: $now, updatedAt: $now})
RETURN w
