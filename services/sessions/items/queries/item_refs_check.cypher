// Which references of an item are unknown: the cited policy, its version, topics, audiences.
RETURN CASE WHEN $policyId IS NULL THEN true ELSE EXISTS { MATCH (:Policy {id: $policyId}) } END AS policyKnown,
       CASE WHEN $policyId IS NULL THEN true
            ELSE EXISTS { MATCH (:Policy {id: $policyId})-[:HAS_VERSION]->(:PolicyVersion {version: $version}) }
       END AS versionKnown,
       [t IN $topics WHERE NOT EXISTS { MATCH (:Topic {id: t}) }] AS topics,
       [a IN $audiences WHERE NOT EXISTS { MATCH (:Audience {id: a}) }] AS audiences
