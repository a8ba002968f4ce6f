// Retracts a voter's vote, when there is one.
MATCH (q:Question {id: $id})
OPTIONAL MATCH (v:Vote {key: $key})
WITH q, v, v IS NOT NULL AS existed
DETACH DELETE v
WITH q, existed
SET q.votes = q.votes - CASE WHEN existed THEN 1 ELSE 0 END,
    q.revision = q.revision + CASE WHEN existed THEN 1 ELSE 0 END
RETURN q.votes AS votes, q.revision AS revision, existed
