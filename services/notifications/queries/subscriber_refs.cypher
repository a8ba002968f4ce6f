// Which referenced policies, topics, regions and webhook endpoints do not exist (or, for an
// endpoint, belong to someone else).
RETURN [x IN $policies WHERE NOT EXISTS { MATCH (:Policy {id: x}) }] AS policies,
       [x IN $topics WHERE NOT EXISTS { MATCH (:Topic {id: x}) }] AS topics,
       [x IN $regions WHERE NOT EXISTS { MATCH (:Region {code: x}) }] AS regions,
       [x IN $endpoints WHERE NOT EXISTS {
         MATCH (w:WebhookEndpoint {id: x}) WHERE $owner IS NULL OR w.ownerId = $owner
       }] AS endpoints
