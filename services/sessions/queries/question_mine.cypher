// An audience member's own questions in a session (any status), and the questions they voted for.
// Seeks the (sessionId, createdAt) index (`q.createdAt IS NOT NULL`: every question has it; the hint keeps the
// planner from scanning every question of every session, as it did without them).
MATCH (s:LiveSession {id: $sessionId})
RETURN COLLECT {
         MATCH (q:Question) USING INDEX q:Question(sessionId, createdAt)
         WHERE q.sessionId = $sessionId AND q.createdAt IS NOT NULL AND q.askerKey = $key
         RETURN q ORDER BY q.createdAt DESC LIMIT 50
       } AS mine,
       COLLECT {
         MATCH (v:Vote {voterKey: $key}) WHERE v.questionId STARTS WITH 'q-'
         MATCH (q:Question {id: v.questionId}) WHERE q.sessionId = $sessionId
         RETURN q.id
       } AS voted
