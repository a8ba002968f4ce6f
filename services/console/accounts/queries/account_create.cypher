CREATE (a:ConsoleAccount {
  id: $id, login: $login, name: $name, role: $role, passwordHash: $passwordHash,
  disabled: false, createdAt: datetime(), updatedAt: datetime(), createdBy: $createdBy
})
RETURN a {.id, .login, .name, .role, .disabled, createdAt: toString(a.createdAt)} AS account
