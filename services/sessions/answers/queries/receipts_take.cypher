// One receipt per respondent, launch and item (a uniqueness constraint): `created` is false for an
// item this respondent already answered, and the caller then rolls the whole request back.
UNWIND $items AS x
MERGE (r:AnswerReceipt {launchId: $launchId, itemId: x.itemId, respondentId: $respondentId})
ON CREATE SET r.answeredAt = datetime(x.receiptAt), r.nonce = $nonce
RETURN x.itemId AS itemId, r.nonce = $nonce AS created
