// Every answer of a session, oldest first, for the CSV export.
MATCH (a:Answer {sessionId: $sessionId})
OPTIONAL MATCH (a)-[:IN]->(l:ItemLaunch)
OPTIONAL MATCH (a)-[:TO]->(i:Item)
RETURN a.answeredAt AS answeredAt, a.launchId AS launchId, l.purpose AS purpose, a.itemId AS itemId,
       i.stem AS stem, a.choiceIds AS choiceIds, a.text AS text, a.rating AS rating, a.correct AS correct,
       a.regionCode AS regionCode, a.audience AS audience, a.respondentId AS respondentId
ORDER BY a.answeredAt, a.id
