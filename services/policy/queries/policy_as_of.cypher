// A policy with the version valid on a date (or, when none is yet, nothing).
MATCH (p:Policy {id: $id})
OPTIONAL MATCH (p)-[:HAS_VERSION]->(v)
WHERE v.effectiveFrom <= $asOf AND (v.effectiveTo IS NULL OR $asOf < v.effectiveTo)
RETURN p {.id, .docNumber, .issuer, .latestVersion} AS policy,
       v {.version, .title, .body, .summaries, .rules, .eligibility, .amendmentId, effectiveFrom: toString(v.effectiveFrom),
          effectiveTo: toString(v.effectiveTo), publishedAt: v.publishedAt.epochMillis} AS version,
       [(p)-[:APPLIES_IN]->(ar:Region) | {code: ar.code, name: ar.name, level: ar.level}] AS appliesIn,
       [(p)-[:ABOUT]->(t:Topic) | t.id] AS topics,
       [(p)-[:TARGETS]->(au:Audience) | au.id] AS audiences,
       [(p)-[:OVERRIDES]->(o:Policy) | o.id] AS overrides,
       [(p)-[:IMPLEMENTS]->(i:Policy) | i.id] AS implements
