/** Roles carried by signed tokens (people). */
export const roles = ["operator", "reviewer", "host", "admin"] as const;
/** A person's role. */
export type Role = typeof roles[number];

/** Scopes carried by API keys (partner apps and scripts). `admin` grants every scope. */
export const scopes = [
  "policy:read",
  "policy:write",
  "eligibility:read",
  "sessions:read",
  "sessions:write",
  "notifications:read",
  "notifications:write",
  "admin",
] as const;
/** An API key's permission. */
export type Scope = typeof scopes[number];

/** Who is calling. */
export type Principal =
  | { kind: "token"; subject: string; role: Role; name?: string }
  | { kind: "apiKey"; keyId: string; name: string; scopes: Scope[] };

/** What an endpoint accepts: any of the roles (for tokens) or any of the scopes (for keys). */
export interface AccessRule {
  roles?: readonly Role[];
  scopes?: readonly Scope[];
}

/** True when `principal` satisfies `rule`. Admins pass every rule. */
export function isAllowed(principal: Principal, rule: AccessRule): boolean {
  if (principal.kind === "token") {
    return principal.role === "admin" || (rule.roles ?? []).includes(principal.role);
  }
  return principal.scopes.includes("admin") || (rule.scopes ?? []).some((s) => principal.scopes.includes(s));
}

/** Who did something, for audit trails and four-eyes checks. */
export interface Actor {
  /** `user:<sub>` for people, `key:<id>` for API keys. */
  id: string;
  /** The role, or `apiKey`. */
  role: Role | "apiKey";
  name: string;
}

/** The actor behind a principal. */
export function actorOf(p: Principal): Actor {
  return p.kind === "token"
    ? { id: `user:${p.subject}`, role: p.role, name: p.name ?? p.subject }
    : { id: `key:${p.keyId}`, role: "apiKey", name: p.name };
}
