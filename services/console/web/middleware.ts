/**
 * The console's per-request work for pages: the person's language, their session from the
 * cookie, the caller the service clients use on their behalf (with the request id and the
 * browser's trace context), and the security headers on every answer.
 */
import type { MiddlewareHandler } from "hono";
import { getConnInfo } from "hono/deno";
import type { SessionStore } from "../auth/sessions.ts";
import { cookie, langCookie, sessionCookie } from "./cookies.ts";
import { langOf } from "./i18n.ts";
import { setWeb } from "./state.ts";

/** Paths the kit or the asset server answer, which need no session. */
const bare = /^\/(healthz|readyz|metrics|openapi\.json|docs|assets\/|collect$|favicon\.ico$)/;

/** Builds the middleware. */
export function webMiddleware(deps: { sessions: SessionStore; trustProxy: boolean }): MiddlewareHandler {
  return async (c, next) => {
    if (bare.test(c.req.path.slice(0) || "/")) return await next();
    const started = performance.now();
    const forwardedFor = deps.trustProxy ? c.req.header("x-forwarded-for")?.split(",")[0]?.trim() : undefined;
    let address = forwardedFor ?? "unknown";
    if (!forwardedFor) {
      try {
        address = getConnInfo(c).remote.address ?? "unknown";
      } catch { /* in-process requests have no connection */ }
    }
    const proto = deps.trustProxy ? c.req.header("x-forwarded-proto") : undefined;
    const secure = (proto ?? new URL(c.req.url).protocol.replace(":", "")) === "https";
    const raw = cookie(c, sessionCookie);
    const signedIn = await deps.sessions.find(raw);
    const timing = { apiMs: 0, calls: 0 };
    const lang = langOf(cookie(c, langCookie), c.req.header("accept-language"));
    const traceparent = c.req.header("traceparent");
    setWeb(c, {
      lang,
      signedIn,
      staleCookie: !!raw && !signedIn,
      caller: signedIn
        ? {
          account: signedIn.account,
          lang,
          requestId: c.get("requestId") as string,
          traceparent: traceparent && /^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/.test(traceparent)
            ? traceparent
            : undefined,
          timing,
        }
        : null,
      started,
      timing,
      address,
      secure,
    });
    await next();
  };
}
