MATCH (a:ConsoleAccount {id: $accountId})
WHERE NOT a.disabled
CREATE (s:ConsoleSession {
  id: $id, accountId: a.id, csrf: $csrf, createdAt: datetime(), lastSeenAt: datetime(),
  expiresAt: datetime() + duration({seconds: $absoluteSeconds}), address: $address, userAgent: $userAgent
})
RETURN s.id AS id
