// The event as this service fans it out: what templates and webhooks need, and what was targeted.
MERGE (e:NotificationEvent {id: $e.id})
ON CREATE SET e.type = $e.type, e.policyId = $e.policyId, e.amendmentId = $e.amendmentId,
              e.sessionId = $e.sessionId, e.context = $e.context, e.payload = $e.payload,
              e.receivedAt = $now
RETURN e.receivedAt <> $now AS seenBefore
