// Claims one reminder (session occurrence × offset); the unique key lets exactly one instance create it.
MATCH (s:LiveSession {id: $sessionId})
WHERE s.status = 'scheduled'
MERGE (r:SessionReminder {key: $key})
ON CREATE SET r.sessionId = $sessionId, r.occurrenceStart = datetime($occurrenceStart),
              r.offsetMinutes = $offsetMinutes, r.claimedBy = $instanceId, r.nonce = $nonce,
              r.at = datetime()
RETURN r.nonce = $nonce AS claimed
