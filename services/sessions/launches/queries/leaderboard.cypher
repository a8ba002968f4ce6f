// A timed quiz's respondents (of items that are not anonymous): right answers, answers, and the sum
// of their answer instants (the caller subtracts the opening).
MATCH (a:Answer)
WHERE a.launchId = $launchId AND a.respondentId IS NOT NULL
RETURN a.respondentId AS respondentId, count(CASE WHEN a.correct THEN 1 END) AS correct,
       count(*) AS answered, sum(a.answeredAt.epochMillis) AS sumMs
