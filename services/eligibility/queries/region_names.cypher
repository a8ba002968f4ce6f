MATCH (r:Region)
WHERE r.code IN $codes
RETURN r.code AS code, r.name AS name, r.fullName AS fullName
