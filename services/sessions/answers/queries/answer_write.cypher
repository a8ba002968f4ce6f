// One round trip for an answer: a receipt per item merged under the (launchId, itemId,
// respondentId) uniqueness constraint (`created` false for an item answered before: the caller
// then rolls everything back), and only when every receipt is new, the answers — apart from the
// receipts; an anonymous item's answer has no respondent, and both keep the minute only — with the
// respondent's declared region and audience, or the session's.
MATCH (l:ItemLaunch {id: $launchId})
CALL (l) {
  UNWIND $answers AS x
  MERGE (r:AnswerReceipt {launchId: l.id, itemId: x.itemId, respondentId: $respondentId})
  ON CREATE SET r.answeredAt = datetime(x.answeredAt), r.nonce = $nonce
  RETURN collect({itemId: x.itemId, created: r.nonce = $nonce}) AS taken
}
OPTIONAL MATCH (p:Respondent {id: $respondentId})
WITH l, taken, coalesce(p.regionCode, $sessionRegion) AS regionCode, coalesce(p.audience, $sessionAudience) AS audience
CALL (l, taken, regionCode, audience) {
  WITH l, taken, regionCode, audience WHERE all(t IN taken WHERE t.created)
  UNWIND $answers AS x
  MATCH (it:Item {id: x.itemId})
  CREATE (a:Answer {id: x.id, launchId: l.id, itemId: x.itemId, sessionId: l.sessionId,
                    choiceIds: x.choiceIds, text: x.text, rating: toInteger(x.rating), correct: x.correct,
                    answeredAt: datetime(x.answeredAt), regionCode: regionCode, audience: audience,
                    respondentId: x.respondentId})
  CREATE (a)-[:TO]->(it), (a)-[:IN]->(l)
  RETURN count(a) AS created
}
RETURN [t IN taken WHERE NOT t.created | t.itemId] AS already
