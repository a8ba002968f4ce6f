import { sign, verify } from "hono/jwt";
import type { Role } from "./model.ts";
import { roles } from "./model.ts";

const issuer = "yibao-policy-hub";

/** Claims of a person's bearer token. */
export interface TokenClaims {
  sub: string;
  role: Role;
  name?: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** Issues an HS256-signed bearer token for a person with `role`, valid for `ttlSeconds`. */
export function issueToken(
  secret: string,
  claims: { sub: string; role: Role; name?: string },
  options: { ttlSeconds?: number; now?: Date } = {},
): Promise<string> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return sign(
    { ...claims, iss: issuer, iat, nbf: iat, exp: iat + (options.ttlSeconds ?? 8 * 3600) },
    secret,
    "HS256",
  );
}

/** Verifies signature, issuer and expiry; returns the claims or null when the token is not valid. */
export async function verifyToken(secret: string, token: string): Promise<TokenClaims | null> {
  try {
    const p = await verify(token, secret, { alg: "HS256", iss: issuer });
    if (typeof p.sub !== "string" || !roles.includes(p.role as Role) || typeof p.exp !== "number") {
      return null;
    }
    return {
      sub: p.sub,
      role: p.role as Role,
      exp: p.exp,
      ...(typeof p.name === "string" ? { name: p.name } : {}),
    };
  } catch {
    return null;
  }
}
