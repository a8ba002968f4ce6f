// Takes write locks on the host and the streaming channel (created on first use), host first:
// every schedule write for either waits here, so overlap checks see each other's commits.
MERGE (h:SessionHost {id: $hostId})
ON CREATE SET h.name = $hostName
MERGE (c:StreamChannel {key: $channelKey})
ON CREATE SET c.platform = $channel, c.account = $channelAccount
SET h.lockedAt = datetime(), c.lockedAt = datetime()
RETURN h.id AS hostId
