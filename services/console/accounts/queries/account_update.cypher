// Changes the role, the name or whether the account is disabled; a disabled account's sessions end.
MATCH (a:ConsoleAccount {id: $id})
SET a += $set, a.updatedAt = datetime()
WITH a
OPTIONAL MATCH (s:ConsoleSession {accountId: a.id})
WHERE a.disabled OR $endSessions
DETACH DELETE s
WITH DISTINCT a
RETURN a {.id, .login, .name, .role, .disabled, createdAt: toString(a.createdAt),
          updatedAt: toString(a.updatedAt), lastSignInAt: toString(a.lastSignInAt)} AS account
