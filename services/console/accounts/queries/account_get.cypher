MATCH (a:ConsoleAccount {id: $id})
RETURN a {.id, .login, .name, .role, .disabled, createdAt: toString(a.createdAt),
          updatedAt: toString(a.updatedAt), lastSignInAt: toString(a.lastSignInAt)} AS account
