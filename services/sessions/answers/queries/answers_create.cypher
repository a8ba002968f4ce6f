// What was answered, apart from who: for an anonymous item respondentId is null and nothing links
// the answer to its receipt (its id is random, its instant kept to the minute).
MATCH (l:ItemLaunch {id: $launchId})
UNWIND $answers AS x
MATCH (it:Item {id: x.itemId})
CREATE (a:Answer {id: x.id, launchId: $launchId, itemId: x.itemId, sessionId: $sessionId,
                  choiceIds: x.choiceIds, text: x.text, rating: toInteger(x.rating), correct: x.correct,
                  answeredAt: datetime(x.answeredAt), regionCode: $regionCode, audience: $audience,
                  respondentId: x.respondentId})
CREATE (a)-[:TO]->(it), (a)-[:IN]->(l)
RETURN count(a) AS created
