MATCH (w:WebhookEndpoint) WHERE w.id IN $ids
SET w.status = 'disabled', w.disabledAt = datetime(), w.disabledReason = $reason
