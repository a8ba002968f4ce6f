MERGE (k:ApiKey {id: $id})
ON CREATE SET k.createdAt = datetime()
SET k.name = $name, k.hash = $hash, k.scopes = $scopes, k.revokedAt = null
