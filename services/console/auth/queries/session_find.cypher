// A session that is neither past its absolute expiry nor idle too long, with its (enabled) account.
MATCH (s:ConsoleSession {id: $id})
MATCH (a:ConsoleAccount {id: s.accountId})
WHERE NOT a.disabled
  AND s.expiresAt > datetime()
  AND s.lastSeenAt + duration({seconds: $idleSeconds}) > datetime()
RETURN s {.id, .csrf, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt} AS session,
       a {.id, .login, .name, .role} AS account
