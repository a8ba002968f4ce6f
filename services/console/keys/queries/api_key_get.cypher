MATCH (k:ApiKey {id: $id})
RETURN k {.id, .name, .scopes, .createdBy, .createdByName, .revokedBy, .revokedByName,
          createdAt: toString(k.createdAt), revokedAt: toString(k.revokedAt)} AS key
