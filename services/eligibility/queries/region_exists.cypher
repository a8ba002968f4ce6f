MATCH (r:Region {code: $code})
RETURN r.code AS code
