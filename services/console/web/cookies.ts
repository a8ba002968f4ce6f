/** The console's cookies: the session (HttpOnly, SameSite=Lax, Secure over https), the pre-session CSRF token, the language. */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/** The session cookie's name. */
export const sessionCookie = "yb_session";
/** The sign-in form's double-submit token. */
export const preSessionCookie = "yb_presession";
/** The chosen language. */
export const langCookie = "yb_lang";

/** Reads a cookie. */
export function cookie(c: Context, name: string): string | undefined {
  return getCookie(c, name);
}

/** Sets the session cookie: a browser-session cookie (the server enforces idle and absolute expiry). */
export function setSessionCookie(c: Context, value: string, secure: boolean): void {
  setCookie(c, sessionCookie, value, { httpOnly: true, sameSite: "Lax", secure, path: "/" });
}

/** Removes the session cookie. */
export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, sessionCookie, { path: "/", secure });
}

/** Sets the sign-in form's token (HttpOnly; its twin travels in the form). */
export function setPreSessionCookie(c: Context, value: string, secure: boolean): void {
  setCookie(c, preSessionCookie, value, { httpOnly: true, sameSite: "Strict", secure, path: "/login" });
}

/** Remembers the language for a year. */
export function setLangCookie(c: Context, lang: string, secure: boolean): void {
  setCookie(c, langCookie, lang, { sameSite: "Lax", secure, path: "/", maxAge: 365 * 86_400 });
}
