// Records that this consumer handled an event; false when it had already (a redelivery).
MERGE (h:HandledEvent {key: $key})
ON CREATE SET h.nonce = $nonce, h.at = datetime()
RETURN h.nonce = $nonce AS first
