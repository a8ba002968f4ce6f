/**
 * The audience member's identity in the browser: the signed audience token the sessions service
 * issued, kept in an HttpOnly cookie scoped to the audience pages (`/s`), and a CSRF token derived
 * from it (HMAC with a console-only key), which every audience form carries as `_csrf`.
 */
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";

/** The cookie's name. */
export const audienceCookie = "yb_audience";
/** The path the cookie is sent to: the audience pages and their endpoints. */
export const audiencePath = "/s";

const keys = new Map<string, Promise<CryptoKey>>();

/** The CSRF token of an audience cookie. */
export async function audienceCsrf(secret: string, cookieValue: string): Promise<string> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(`yibao-audience-csrf:${secret}`),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    keys.set(secret, key);
  }
  const sig = await crypto.subtle.sign("HMAC", await key, new TextEncoder().encode(cookieValue));
  return Array.from(new Uint8Array(sig).slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares a sent CSRF token with the cookie's, in constant time. */
export async function csrfMatches(secret: string, cookieValue: string, sent: string): Promise<boolean> {
  const want = await audienceCsrf(secret, cookieValue);
  if (sent.length !== want.length) return false;
  let diff = 0;
  for (let i = 0; i < want.length; i++) diff |= want.charCodeAt(i) ^ sent.charCodeAt(i);
  return diff === 0;
}

/** The audience token from the cookie, if any. */
export function audienceToken(c: Context): string | undefined {
  const v = getCookie(c, audienceCookie);
  return v && /^yat1\.[A-Za-z0-9._-]{20,200}$/.test(v) ? v : undefined;
}

/**
 * Stores the token until it expires. Framed by another site (the livestream platform), a browser
 * sends only `SameSite=None; Secure` cookies, so that is used when embedding is configured over https.
 */
export function setAudienceCookie(
  c: Context,
  token: string,
  options: { expiresAt: string; secure: boolean; embeddable: boolean },
): void {
  const maxAge = Math.max(60, Math.floor((Date.parse(options.expiresAt) - Date.now()) / 1000) - 60);
  const crossSite = options.embeddable && options.secure;
  setCookie(c, audienceCookie, token, {
    httpOnly: true,
    path: audiencePath,
    sameSite: crossSite ? "None" : "Lax",
    secure: options.secure,
    maxAge,
  });
}
