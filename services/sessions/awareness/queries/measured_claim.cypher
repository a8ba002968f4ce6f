// Claims a session's awareness.measured event (unique per session); false when another instance did.
MERGE (m:AwarenessMeasured {sessionId: $sessionId})
ON CREATE SET m.nonce = $nonce, m.at = datetime(), m.instanceId = $instanceId
RETURN m.nonce = $nonce AS claimed
