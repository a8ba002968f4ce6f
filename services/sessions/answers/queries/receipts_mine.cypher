// Which of the given launch items this respondent answered.
UNWIND $pairs AS p
MATCH (r:AnswerReceipt {launchId: p.launchId, itemId: p.itemId, respondentId: $respondentId})
RETURN r.launchId AS launchId, r.itemId AS itemId
