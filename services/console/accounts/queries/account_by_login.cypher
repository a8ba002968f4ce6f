MATCH (a:ConsoleAccount {login: $login})
RETURN a {.id, .login, .name, .role, .disabled, .passwordHash} AS account
