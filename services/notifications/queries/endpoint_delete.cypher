// Deletes an endpoint; subscribers that pushed to it lose their webhook channel (the caller rewrites
// their channel list, which is JSON, from the rows returned).
MATCH (w:WebhookEndpoint {id: $id})
WHERE $owner IS NULL OR w.ownerId = $owner
OPTIONAL MATCH (s:Subscriber {webhookEndpointId: w.id})
SET s.webhookEndpointId = null, s.channelTypes = [c IN s.channelTypes WHERE c <> 'webhook']
DETACH DELETE w
RETURN s.id AS subscriberId, s.channels AS channels
