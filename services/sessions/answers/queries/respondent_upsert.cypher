// The respondent's self-declared region and audience (pseudonymous id: the audience token's hash).
MATCH (s:LiveSession {id: $sessionId})
OPTIONAL MATCH (r:Region {code: $regionCode})
WITH s, r
MERGE (p:Respondent {id: $id})
SET p.regionCode = CASE WHEN $regionCode IS NULL THEN p.regionCode ELSE r.code END,
    p.audience = coalesce($audience, p.audience), p.updatedAt = datetime()
RETURN p.regionCode AS regionCode, p.audience AS audience, $regionCode IS NOT NULL AND r IS NULL AS unknownRegion
