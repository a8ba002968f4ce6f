// Which of the given references are unknown.
RETURN [p IN $policies WHERE NOT EXISTS { MATCH (:Policy {id: p}) }] AS policies,
       [t IN $topics WHERE NOT EXISTS { MATCH (:Topic {id: t}) }] AS topics,
       [a IN $audiences WHERE NOT EXISTS { MATCH (:Audience {id: a}) }] AS audiences,
       EXISTS { MATCH (:Region {code: $region}) } AS regionKnown
