/**
 * @module
 * People's accounts for the console (operator, reviewer, host, admin): logins, names, roles and
 * password hashes in the graph as `(:ConsoleAccount)`. The console mints each person's short-lived
 * role token for the services' APIs from the account, so a role change takes effect at once.
 */
import type { Graph } from "@yibao/graph";
import { constraintViolationCode, hasNeo4jCode, toPlain } from "@yibao/graph";
import { type Role, roles } from "@yibao/kit";
import { z } from "zod";
import { hashPassword, passwordProblem } from "./password.ts";
import createQuery from "./queries/account_create.cypher" with { type: "text" };
import byLoginQuery from "./queries/account_by_login.cypher" with { type: "text" };
import getQuery from "./queries/account_get.cypher" with { type: "text" };
import listQuery from "./queries/account_list.cypher" with { type: "text" };
import updateQuery from "./queries/account_update.cypher" with { type: "text" };
import signedInQuery from "./queries/account_signed_in.cypher" with { type: "text" };
import ensureQuery from "./queries/account_ensure.cypher" with { type: "text" };

export { hashPassword, passwordProblem, verifyPassword } from "./password.ts";

/** A person's account as pages show it (never the hash). */
export interface Account {
  id: string;
  login: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt?: string;
  updatedAt?: string;
  lastSignInAt?: string | null;
}

/** Logins: 3–40 lower-case letters, digits, dots, dashes and underscores, starting with a letter. */
export const loginSchema = z.string().trim().toLowerCase().regex(
  /^[a-z][a-z0-9._-]{2,39}$/,
  "3–40 个字符：小写字母、数字、点、横线或下划线，以字母开头 / 3–40 lower-case letters, digits, . - _, starting with a letter",
);

/** A new account's fields. */
export const newAccountSchema = z.object({
  login: loginSchema,
  name: z.string().trim().min(1, "请填写姓名 / Enter a name").max(
    60,
    "最多 60 个字符 / At most 60 characters",
  ),
  role: z.enum(roles),
  password: z.string().superRefine((p, ctx) => {
    const problem = passwordProblem(p);
    if (problem) ctx.addIssue({ code: "custom", message: `${problem.zh} / ${problem.en}` });
  }),
});

/** The login is in use already. */
export class LoginTaken extends Error {
  override name = "LoginTaken";
}

function accountOf(raw: unknown): Account {
  const a = toPlain(raw) as Account & { lastSignInAt?: string | null };
  return { ...a, disabled: Boolean(a.disabled) };
}

/** Creates an account; throws {@linkcode LoginTaken} when the login exists. */
export async function createAccount(
  graph: Graph,
  input: { login: string; name: string; role: Role; password: string },
  options: { createdBy?: string } = {},
): Promise<Account> {
  const parsed = newAccountSchema.parse(input);
  const passwordHash = await hashPassword(parsed.password);
  try {
    return await graph.write(async (tx) => {
      const rec = (await tx.run(createQuery, {
        id: `acct-${crypto.randomUUID()}`,
        login: parsed.login,
        name: parsed.name,
        role: parsed.role,
        passwordHash,
        createdBy: options.createdBy ?? null,
      })).records[0]!;
      return accountOf(rec.get("account"));
    });
  } catch (err) {
    if (hasNeo4jCode(err, constraintViolationCode)) {
      throw new LoginTaken(`login "${parsed.login}" is taken`, { cause: err });
    }
    throw err;
  }
}

/** The account with its password hash, for signing in. */
export async function findForSignIn(
  graph: Graph,
  login: string,
): Promise<(Account & { passwordHash: string }) | null> {
  const normalised = login.trim().toLowerCase();
  return await graph.read(async (tx) => {
    const rec = (await tx.run(byLoginQuery, { login: normalised })).records[0];
    return rec ? accountOf(rec.get("account")) as Account & { passwordHash: string } : null;
  });
}

/** One account. */
export async function getAccount(graph: Graph, id: string): Promise<Account | null> {
  return await graph.read(async (tx) => {
    const rec = (await tx.run(getQuery, { id })).records[0];
    return rec ? accountOf(rec.get("account")) : null;
  });
}

/** Every account (at most 1,000), enabled first. */
export async function listAccounts(graph: Graph): Promise<Account[]> {
  return await graph.read(async (tx) =>
    (await tx.run(listQuery, {})).records.map((r) => accountOf(r.get("account")))
  );
}

/** Changes role, name or disabled; disabling (or `endSessions`) ends the person's sessions at once. */
export async function updateAccount(
  graph: Graph,
  id: string,
  set: { role?: Role; name?: string; disabled?: boolean },
  options: { endSessions?: boolean } = {},
): Promise<Account | null> {
  return await graph.write(async (tx) => {
    const rec =
      (await tx.run(updateQuery, { id, set, endSessions: options.endSessions ?? false })).records[0];
    return rec ? accountOf(rec.get("account")) : null;
  });
}

/** Records a sign-in; stores a fresh hash when the old one used fewer iterations. */
export async function recordSignIn(graph: Graph, id: string, newHash: string | null): Promise<void> {
  await graph.write((tx) => tx.run(signedInQuery, { id, passwordHash: newHash }));
}

/**
 * Creates the account when its login is missing, else sets its name, role and password and
 * enables it: for the development accounts `./dev start` keeps in `.run/dev.json`.
 */
export async function ensureAccount(
  graph: Graph,
  input: { login: string; name: string; role: Role; password: string },
): Promise<Account> {
  const parsed = newAccountSchema.parse(input);
  const passwordHash = await hashPassword(parsed.password);
  return await graph.write(async (tx) =>
    accountOf(
      (await tx.run(ensureQuery, { ...parsed, id: `acct-${crypto.randomUUID()}`, passwordHash })).records[0]!
        .get(
          "account",
        ),
    )
  );
}
