// An audience member's own questions in a session (any status), and the questions they voted for.
MATCH (s:LiveSession {id: $sessionId})
RETURN COLLECT {
         MATCH (q:Question {sessionId: $sessionId}) WHERE q.askerKey = $key
         RETURN q ORDER BY q.createdAt DESC LIMIT 50
       } AS mine,
       COLLECT {
         MATCH (v:Vote {voterKey: $key}) WHERE v.questionId STARTS WITH 'q-'
         MATCH (q:Question {id: v.questionId}) WHERE q.sessionId = $sessionId
         RETURN q.id
       } AS voted
