MATCH (k:ApiKey {id: $id})
SET k.revokedAt = datetime()
RETURN count(k) AS revoked
