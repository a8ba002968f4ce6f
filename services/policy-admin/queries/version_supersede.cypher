// A same-day correction: the version it replaces (effective the same day) gets an empty validity
// (effectiveTo = effectiveFrom, so the in-force rule excludes it), is marked supersededBy, and is no
// longer awaited by the effective announcer; its amendment records who superseded it.
MATCH (p:Policy {id: $policyId})-[:HAS_VERSION]->(v:PolicyVersion {version: $version})
SET v.effectiveTo = v.effectiveFrom, v.supersededBy = $by, v.supersededAt = datetime(),
    v.searchEnded = 'ended' + replace(toString(v.effectiveFrom), '-', '') // migration 020
REMOVE v:AwaitingEffect
WITH v
OPTIONAL MATCH (a:Amendment {id: v.amendmentId})
SET a.supersededBy = $byAmendmentId
RETURN v.amendmentId AS amendmentId
