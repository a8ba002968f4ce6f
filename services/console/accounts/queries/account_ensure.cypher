// A development account: created when missing, its name, role and password set to the given ones.
MERGE (a:ConsoleAccount {login: $login})
ON CREATE SET a.id = $id, a.createdAt = datetime(), a.createdBy = 'dev-start'
SET a.name = $name, a.role = $role, a.passwordHash = $passwordHash, a.disabled = false, a.updatedAt = datetime()
RETURN a {.id, .login, .name, .role, .disabled} AS account
