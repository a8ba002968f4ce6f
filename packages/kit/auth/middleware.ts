import type { Context, MiddlewareHandler } from "hono";
import { ProblemError } from "../problem.ts";
import type { ApiKeyVerifier } from "./api_keys.ts";
import { type AccessRule, isAllowed, type Principal } from "./model.ts";
import { verifyToken } from "./tokens.ts";

/** What the kit needs to authenticate callers. */
export interface AuthContext {
  tokenSecret: string;
  apiKeys: ApiKeyVerifier;
}

const unauthorized = (detail: { zh: string; en: string }) =>
  new ProblemError("unauthorized", detail, { headers: { "WWW-Authenticate": 'Bearer realm="yibao"' } });

/**
 * Reads `Authorization: Bearer <token>` (a signed token or an API key) or `X-API-Key: <key>` and
 * sets `principal`. Presenting bad credentials is a 401 even on open endpoints; presenting none is
 * left to {@linkcode requireAccess}.
 */
export function authenticate(auth: AuthContext): MiddlewareHandler {
  return async (c, next) => {
    const principal = await principalFrom(c, auth);
    c.set("principal", principal);
    await next();
  };
}

async function principalFrom(c: Context, auth: AuthContext): Promise<Principal | undefined> {
  const header = c.req.header("authorization");
  const apiKey = c.req.header("x-api-key");
  if (!header && !apiKey) return undefined;
  let credential = apiKey;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) {
      throw unauthorized({
        zh: "Authorization 头格式应为 Bearer <令牌>",
        en: "Authorization must be 'Bearer <token>'",
      });
    }
    credential = m[1]!;
  }
  if (credential!.startsWith("yb_")) {
    const key = await auth.apiKeys.verify(credential!);
    if (!key) {
      throw unauthorized({ zh: "API 密钥无效或已吊销", en: "The API key is not valid or was revoked" });
    }
    return { kind: "apiKey", ...key };
  }
  const claims = await verifyToken(auth.tokenSecret, credential!);
  if (!claims) throw unauthorized({ zh: "令牌无效或已过期", en: "The token is not valid or has expired" });
  return {
    kind: "token",
    subject: claims.sub,
    role: claims.role,
    ...(claims.name ? { name: claims.name } : {}),
  };
}

/** Lets the request through only for a principal that satisfies `rule` (401 without one, 403 otherwise). */
export function requireAccess(rule: AccessRule): MiddlewareHandler {
  return async (c, next) => {
    const principal = c.get("principal") as Principal | undefined;
    if (!principal) {
      throw unauthorized({
        zh: "此接口需要令牌或 API 密钥",
        en: "This endpoint needs a bearer token or an API key",
      });
    }
    if (!isAllowed(principal, rule)) {
      const wanted = [
        ...(rule.roles ?? []).map((r) => `role ${r}`),
        ...(rule.scopes ?? []).map((s) => `scope ${s}`),
      ];
      throw new ProblemError("forbidden", {
        zh: `需要以下权限之一：${wanted.join("、")}`,
        en: `Needs one of: ${wanted.join(", ")}`,
      });
    }
    await next();
  };
}
