// The console's own data: people's accounts (password hashes), their browser sessions (stored by
// the SHA-256 of the cookie's secret) and sign-in throttling windows.

CREATE CONSTRAINT console_account_id IF NOT EXISTS
FOR (a:ConsoleAccount) REQUIRE a.id IS UNIQUE;

CREATE CONSTRAINT console_account_login IF NOT EXISTS
FOR (a:ConsoleAccount) REQUIRE a.login IS UNIQUE;

CREATE CONSTRAINT console_session_id IF NOT EXISTS
FOR (s:ConsoleSession) REQUIRE s.id IS UNIQUE;

CREATE INDEX console_session_account IF NOT EXISTS
FOR (s:ConsoleSession) ON (s.accountId);

CREATE CONSTRAINT sign_in_throttle_key IF NOT EXISTS
FOR (t:SignInThrottle) REQUIRE t.key IS UNIQUE;
