MATCH (a:ConsoleAccount)
RETURN a {.id, .login, .name, .role, .disabled, createdAt: toString(a.createdAt),
          updatedAt: toString(a.updatedAt), lastSignInAt: toString(a.lastSignInAt)} AS account
ORDER BY a.disabled, a.role, a.login
LIMIT 1000
