// Which of the given policies are unknown.
RETURN [p IN $policies WHERE NOT EXISTS { MATCH (:Policy {id: p}) }] AS unknown
