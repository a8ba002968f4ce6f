MATCH (a:ConsoleAccount {id: $id})
SET a.lastSignInAt = datetime()
FOREACH (_ IN CASE WHEN $passwordHash IS NULL THEN [] ELSE [1] END | SET a.passwordHash = $passwordHash)
