// Creates or rewrites a session and its links (the caller holds the host and channel locks).
MERGE (s:LiveSession {id: $id})
ON CREATE SET s.createdAt = datetime(), s.createdBy = $actorId, s.sequence = 0, s.status = 'scheduled',
              s.needsRebrief = false, s.rebriefs = '[]'
ON MATCH SET s.sequence = s.sequence + 1
SET s.title = $title, s.description = $description, s.hostId = $hostId, s.hostName = $hostName,
    s.startsAt = datetime($startsAt), s.durationMinutes = $durationMinutes, s.timeZone = $timeZone,
    s.channel = $channel, s.channelAccount = $channelAccount, s.channelKey = $channelKey,
    s.streamUrl = $streamUrl, s.capacity = $capacity, s.rrule = $rrule, s.exceptions = $exceptions,
    s.lastEndsAt = CASE WHEN $lastEndsAt IS NULL THEN null ELSE datetime($lastEndsAt) END,
    s.requiresReview = $requiresReview, s.replayUrl = $replayUrl, s.transcript = $transcript,
    s.needsRebrief = coalesce($needsRebrief, s.needsRebrief), s.updatedAt = datetime()
WITH s
OPTIONAL MATCH (s)-[old:HOSTED_BY|STREAMS_ON|COVERS|FOR|IN]->()
DELETE old
WITH DISTINCT s
MATCH (h:SessionHost {id: $hostId}), (c:StreamChannel {key: $channelKey}), (r:Region {code: $region})
CREATE (s)-[:HOSTED_BY]->(h), (s)-[:STREAMS_ON]->(c), (s)-[:IN]->(r)
WITH s
CALL (s) {
  UNWIND $policies AS pid
  MATCH (p:Policy {id: pid})
  CREATE (s)-[:COVERS]->(p)
}
CALL (s) {
  UNWIND $topics AS tid
  MATCH (t:Topic {id: tid})
  CREATE (s)-[:COVERS]->(t)
}
CALL (s) {
  UNWIND $audiences AS aid
  MATCH (a:Audience {id: aid})
  CREATE (s)-[:FOR]->(a)
}
RETURN s.sequence AS sequence
