MERGE (s:ChannelSync {key: $s.eventId + '|' + $s.channel + '|' + $s.consumer})
ON CREATE SET s.eventId = $s.eventId, s.eventType = $s.eventType, s.channel = $s.channel,
              s.consumer = $s.consumer, s.amendmentId = $s.amendmentId, s.policyId = $s.policyId,
              s.syncedAt = datetime($s.syncedAt), s.recordedAt = datetime(), s.detail = $s.detail
