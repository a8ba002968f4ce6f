// One vote per voter and question (the Vote key is unique); counts it only when it is new.
MATCH (q:Question {id: $id})
MERGE (v:Vote {key: $key})
ON CREATE SET v.questionId = $id, v.voterKey = $voterKey, v.at = datetime(), v.nonce = $nonce
WITH q, v, v.nonce = $nonce AS created
SET q.votes = q.votes + CASE WHEN created THEN 1 ELSE 0 END,
    q.revision = q.revision + CASE WHEN created THEN 1 ELSE 0 END
RETURN q.votes AS votes, q.revision AS revision, created
