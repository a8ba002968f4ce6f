// Partner API keys for the admin page: active first, newest first. Never the hash.
MATCH (k:ApiKey)
RETURN k {.id, .name, .scopes, .createdBy, .createdByName, .revokedBy, .revokedByName,
          createdAt: toString(k.createdAt), revokedAt: toString(k.revokedAt)} AS key
ORDER BY k.revokedAt IS NOT NULL, k.createdAt DESC, k.id
LIMIT 1000
