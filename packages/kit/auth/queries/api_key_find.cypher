MATCH (k:ApiKey {id: $id})
WHERE k.revokedAt IS NULL
RETURN k.hash AS hash, k.scopes AS scopes, k.name AS name
