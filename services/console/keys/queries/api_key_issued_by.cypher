// Who issued a key (the kit's upsert stores only the hash, name and scopes).
MATCH (k:ApiKey {id: $id})
SET k.createdBy = $by, k.createdByName = $byName
