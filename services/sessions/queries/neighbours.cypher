// Scheduled sessions of the same host or on the same channel whose span may overlap [$from, $to).
MATCH (h:SessionHost {id: $hostId})<-[:HOSTED_BY]-(s:LiveSession)
WHERE s.status = 'scheduled' AND s.id <> $id AND s.startsAt < datetime($to)
  AND (s.lastEndsAt IS NULL OR s.lastEndsAt > datetime($from))
RETURN s, true AS sameHost, s.channelKey = $channelKey AS sameChannel
UNION
MATCH (c:StreamChannel {key: $channelKey})<-[:STREAMS_ON]-(s:LiveSession)
WHERE s.status = 'scheduled' AND s.id <> $id AND s.hostId <> $hostId AND s.startsAt < datetime($to)
  AND (s.lastEndsAt IS NULL OR s.lastEndsAt > datetime($from))
RETURN s, false AS sameHost, true AS sameChannel
