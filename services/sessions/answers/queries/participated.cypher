// Whether a respondent answered anything in the session's other launches (receipts by full key).
MATCH (l:ItemLaunch)
WHERE l.sessionId = $sessionId AND l.id <> $launchId
UNWIND l.itemIds AS itemId
OPTIONAL MATCH (r:AnswerReceipt {launchId: l.id, itemId: itemId, respondentId: $respondentId})
RETURN count(r) > 0 AS participated
