// Who revoked a key, set once with the revocation the kit records.
MATCH (k:ApiKey {id: $id})
WHERE k.revokedAt IS NOT NULL AND k.revokedBy IS NULL
SET k.revokedBy = $by, k.revokedByName = $byName
