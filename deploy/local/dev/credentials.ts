import { generateApiKey, issueToken, type Role, verifyToken } from "@yibao/kit";

/** Development credentials, kept in `.run/dev.json` across runs. */
export interface DevCredentials {
  tokenSecret: string;
  neo4jPassword: string;
  adminApiKey: { id: string; key: string; hash: string };
  tokens: Record<Role, string>;
  /** One console account per role: sign in at the console with these. */
  consoleAccounts: Record<Role, { login: string; name: string; password: string }>;
}

const people: Record<Role, { sub: string; name: string }> = {
  operator: { sub: "dev-operator", name: "开发运营 Dev Operator" },
  reviewer: { sub: "dev-reviewer", name: "开发审核 Dev Reviewer" },
  host: { sub: "dev-host", name: "开发主播 Dev Host" },
  admin: { sub: "dev-admin", name: "开发管理员 Dev Admin" },
};

const tokenTtlSeconds = 30 * 24 * 3600;

function randomSecret(bytes = 32): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/**
 * Keeps what exists (the secret, the Neo4j password, the admin key) and creates what is missing;
 * tokens are re-issued when they are missing, invalid or expire within a day.
 */
export async function ensureCredentials(
  existing: Partial<DevCredentials> | undefined,
): Promise<DevCredentials> {
  const tokenSecret = existing?.tokenSecret ?? randomSecret();
  const neo4jPassword = existing?.neo4jPassword ?? randomSecret(12);
  const adminApiKey = existing?.adminApiKey ?? await generateApiKey();
  const tokens = {} as Record<Role, string>;
  for (const role of Object.keys(people) as Role[]) {
    const current = existing?.tokens?.[role];
    const claims = current ? await verifyToken(tokenSecret, current) : null;
    tokens[role] = claims && claims.exp * 1000 > Date.now() + 24 * 3600_000
      ? current!
      : await issueToken(tokenSecret, { ...people[role], role }, { ttlSeconds: tokenTtlSeconds });
  }
  const consoleAccounts = {} as DevCredentials["consoleAccounts"];
  for (const role of Object.keys(people) as Role[]) {
    const kept = existing?.consoleAccounts?.[role];
    consoleAccounts[role] = kept?.login && kept.password && kept.password.length >= 10
      ? kept
      : { login: `dev-${role}`, name: people[role].name, password: randomSecret(9) };
  }
  return { tokenSecret, neo4jPassword, adminApiKey, tokens, consoleAccounts };
}
