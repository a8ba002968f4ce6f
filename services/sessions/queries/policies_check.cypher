// Which of the given policies are unknown, and which cited versions ({policyId, version}) a known policy lacks.
RETURN [p IN $policies WHERE NOT EXISTS { MATCH (:Policy {id: p}) }] AS unknown,
       [c IN $versions WHERE EXISTS { MATCH (:Policy {id: c.policyId}) }
          AND NOT EXISTS { MATCH (:Policy {id: c.policyId})-[:HAS_VERSION]->(:PolicyVersion {version: c.version}) }
        | c.index] AS missingVersions
