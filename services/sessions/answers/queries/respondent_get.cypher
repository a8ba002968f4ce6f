// A respondent's self-declared region and audience (no row when they declared none).
MATCH (p:Respondent {id: $id})
RETURN p.regionCode AS regionCode, p.audience AS audience
