// Which of the given references are unknown.
RETURN [c IN $regions WHERE NOT EXISTS { MATCH (:Region {code: c}) }] AS regions,
       [a IN $audiences WHERE NOT EXISTS { MATCH (:Audience {id: a}) }] AS audiences,
       [t IN $topics WHERE NOT EXISTS { MATCH (:Topic {id: t}) }] AS topics,
       [p IN $policies WHERE NOT EXISTS { MATCH (:Policy {id: p}) }] AS policies,
       EXISTS { MATCH (:Policy {id: $id}) } AS idTaken
