// Who depends on what an event concerns: subscribers following one of the policies, one of their
// topics (or the event's own), or a region where they apply (or the event's region), counting every
// region below, by FOLLOWS or LIVES_IN; kept when their audiences meet the policies' audiences and
// they have not opted out of every topic concerned. One row per subscriber.
OPTIONAL MATCH (p:Policy) WHERE p.id IN $policyIds
WITH collect(p) AS policies
CALL (policies) {
  UNWIND policies AS p
  OPTIONAL MATCH (p)-[:ABOUT]->(t:Topic)
  OPTIONAL MATCH (p)-[:TARGETS]->(a:Audience)
  OPTIONAL MATCH (p)-[:APPLIES_IN]->(r:Region)
  RETURN collect(DISTINCT t.id) AS policyTopics, collect(DISTINCT a.id) AS audiences,
         collect(DISTINCT r.code) AS policyRegions
}
WITH [p IN policies | p.id] AS pids, policyTopics + $topicIds AS topics,
     policyRegions + $regionCodes AS regions, audiences + $audiences AS audiences
CALL (pids, topics, regions) {
  MATCH (s:Subscriber)-[:FOLLOWS]->(p:Policy) WHERE p.id IN pids RETURN s
  UNION
  MATCH (s:Subscriber)-[:FOLLOWS]->(t:Topic) WHERE t.id IN topics RETURN s
  UNION
  MATCH (r:Region) WHERE r.code IN regions
  MATCH (r)<-[:PART_OF*0..3]-(:Region)<-[:FOLLOWS|LIVES_IN]-(s:Subscriber) RETURN s
}
WITH DISTINCT s, audiences, topics
WHERE (size(s.audiences) = 0 OR size(audiences) = 0 OR any(a IN s.audiences WHERE a IN audiences))
  AND NOT (size(topics) > 0 AND all(t IN topics WHERE t IN s.optOutTopics))
OPTIONAL MATCH (w:WebhookEndpoint {id: s.webhookEndpointId})
RETURN s.id AS id, s.channelTypes AS channels, s.optOutChannels AS optOutChannels, s.digest AS digest,
       w.status AS endpointStatus, w.eventTypes AS endpointEventTypes
