/**
 * @module
 * The console's security headers, as one Hono middleware for the pages:
 * `app.use("*", securityHeaders())`, or per route.
 *
 * - `Content-Security-Policy`: everything from the console's own origin only, no inline script or
 *   style, no plugins, no `<base>`, forms post only to the console, and no framing;
 * - `Referrer-Policy: strict-origin-when-cross-origin`, `X-Content-Type-Options: nosniff`,
 *   `Cross-Origin-Opener-Policy: same-origin`.
 *
 * A page that may be embedded (say a live Q&A widget in a partner's page) passes the origins allowed
 * to frame it: `securityHeaders({ frameAncestors: ["https://partner.example"] })`.
 * Headers already set are kept, so a route's own `securityHeaders({ frameAncestors })` (which runs
 * inside an app-wide one) wins over the app-wide default.
 */
import type { MiddlewareHandler } from "hono";

/** Options of {@linkcode securityHeaders}. */
export interface SecurityHeadersOptions {
  /** Origins allowed to embed the page in a frame (`https://host[:port]`); none by default. */
  frameAncestors?: string[];
}

const baseDirectives = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
];

const originPattern = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;

/** The `Content-Security-Policy` value, with `frame-ancestors` from the given origins or `'none'`. */
export function contentSecurityPolicy(frameAncestors: string[] = []): string {
  for (const origin of frameAncestors) {
    if (!originPattern.test(origin)) {
      throw new Error(`frame ancestor "${origin}" is not an origin like https://host[:port]`);
    }
  }
  const ancestors = frameAncestors.length ? frameAncestors.join(" ") : "'none'";
  return [...baseDirectives, `frame-ancestors ${ancestors}`].join("; ");
}

/** A middleware setting the console's security headers on every response it passes. */
export function securityHeaders(options: SecurityHeadersOptions = {}): MiddlewareHandler {
  const headers: [string, string][] = [
    ["Content-Security-Policy", contentSecurityPolicy(options.frameAncestors)],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["X-Content-Type-Options", "nosniff"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
  ];
  return async (c, next) => {
    await next();
    for (const [name, value] of headers) {
      if (c.res.headers.has(name)) continue;
      try {
        c.res.headers.set(name, value);
      } catch {
        // a response with immutable headers (one passed through from fetch): copy it once
        c.res = new Response(c.res.body, c.res);
        c.res.headers.set(name, value);
      }
    }
  };
}
