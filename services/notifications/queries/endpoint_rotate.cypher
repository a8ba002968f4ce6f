// A new secret; the previous one keeps signing alongside it until $until (ms), so receivers can switch.
MATCH (w:WebhookEndpoint {id: $id})
WHERE $owner IS NULL OR w.ownerId = $owner
SET w.previousSecret = w.secret, w.previousSecretUntil = $until, w.secret = $secret, w.updatedAt = $now
RETURN w
