/**
 * @module
 * Development credentials, kept in `.run/dev.json` across runs: the token secret, the Neo4j password,
 * the admin API key, one console account per role and one bearer token per role. The token of a role
 * and the console account of that role are the same person: the token's `sub` is the account's id and
 * its `name` the account's name, exactly what the console puts in the tokens it mints for that account
 * (`services/console/api/client.ts`). So a session made with `tokens.host` (as a partner app would) is
 * the console host's own, and one the console host makes is changeable with `tokens.host`.
 */
import type { Graph } from "@yibao/graph";
import { generateApiKey, issueToken, type Role, verifyToken } from "@yibao/kit";
import { ensureAccount } from "../../../services/console/accounts/mod.ts";

/** A development console account; `id` is the account's id in the graph and the `sub` of its role's token. */
export interface DevAccount {
  id: string;
  login: string;
  name: string;
  password: string;
}

/** Development credentials, kept in `.run/dev.json` across runs. */
export interface DevCredentials {
  tokenSecret: string;
  neo4jPassword: string;
  adminApiKey: { id: string; key: string; hash: string };
  /** One bearer token per role, for the console account of that role (`sub` = its `id`). */
  tokens: Record<Role, string>;
  /** One console account per role: sign in at the console with these. */
  consoleAccounts: Record<Role, DevAccount>;
}

/** What exists before the graph is reachable: everything but the accounts' ids and the tokens. */
export type DevSecrets = Omit<DevCredentials, "tokens" | "consoleAccounts"> & {
  consoleAccounts: Record<Role, Omit<DevAccount, "id">>;
};

const names: Record<Role, string> = {
  operator: "开发运营 Dev Operator",
  reviewer: "开发审核 Dev Reviewer",
  host: "开发主播 Dev Host",
  admin: "开发管理员 Dev Admin",
};

const devRoles = Object.keys(names) as Role[];

const tokenTtlSeconds = 30 * 24 * 3600;

function randomSecret(bytes = 32): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/**
 * Keeps what exists (the secret, the Neo4j password, the admin key, the console logins and passwords)
 * and creates what is missing. The accounts' ids and the tokens come from {@linkcode ensureDevPeople}
 * once the graph is up.
 */
export async function ensureSecrets(existing: Partial<DevCredentials> | undefined): Promise<DevSecrets> {
  const tokenSecret = existing?.tokenSecret ?? randomSecret();
  const neo4jPassword = existing?.neo4jPassword ?? randomSecret(12);
  const adminApiKey = existing?.adminApiKey ?? await generateApiKey();
  const consoleAccounts = {} as DevSecrets["consoleAccounts"];
  for (const role of devRoles) {
    const kept = existing?.consoleAccounts?.[role];
    consoleAccounts[role] = kept?.login && kept.password && kept.password.length >= 10
      ? { login: kept.login, name: kept.name || names[role], password: kept.password }
      : { login: `dev-${role}`, name: names[role], password: randomSecret(9) };
  }
  return { tokenSecret, neo4jPassword, adminApiKey, consoleAccounts };
}

/**
 * `current` when it is a valid token of `secret` for exactly this person (subject, role and name) that
 * stays valid for more than a day; otherwise a new 30-day token for them.
 */
export async function tokenFor(
  secret: string,
  current: string | undefined,
  person: { sub: string; role: Role; name: string },
): Promise<string> {
  const claims = current ? await verifyToken(secret, current) : null;
  const keep = claims !== null && claims.sub === person.sub && claims.role === person.role &&
    claims.name === person.name && claims.exp * 1000 > Date.now() + 24 * 3600_000;
  return keep ? current! : await issueToken(secret, person, { ttlSeconds: tokenTtlSeconds });
}

/**
 * Creates (or repairs: name, role, password, enabled) the console account of every role, then gives
 * each role a token for that same account: `sub` = the account's id, its name and role. Tokens kept
 * from an earlier run are re-issued when they name someone else — as those of `.run/dev.json` files
 * written before accounts and tokens were joined do (`sub: "dev-host"`) — or are invalid or expiring.
 */
export async function ensureDevPeople(
  graph: Graph,
  secrets: DevSecrets,
  existingTokens: Partial<Record<Role, string>> = {},
): Promise<DevCredentials> {
  const tokens = {} as Record<Role, string>;
  const consoleAccounts = {} as Record<Role, DevAccount>;
  for (const role of devRoles) {
    const wanted = secrets.consoleAccounts[role];
    const account = await ensureAccount(graph, { ...wanted, role });
    consoleAccounts[role] = {
      id: account.id,
      login: account.login,
      name: account.name,
      password: wanted.password,
    };
    tokens[role] = await tokenFor(secrets.tokenSecret, existingTokens[role], {
      sub: account.id,
      role,
      name: account.name,
    });
  }
  return { ...secrets, tokens, consoleAccounts };
}
