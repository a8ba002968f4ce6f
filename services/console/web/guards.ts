/**
 * Who may see a page and send a form: a signed-in person with one of the page's roles (admins
 * pass every guard), and, for every state-changing request, a CSRF token that matches the
 * session's (a hidden `_csrf` field, or the `X-CSRF-Token` header for scripts), sent from this
 * origin. A person without a live session is sent to sign-in, told when their session ended.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { Role } from "@yibao/kit";
import { web } from "./state.ts";
import type { Lang } from "./i18n.ts";
import { tr } from "./i18n.ts";

/** A page refused for a reason the person should read, with the status to answer. */
export class PageRefusal extends Error {
  override name = "PageRefusal";
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 429,
    readonly heading: string,
    readonly explanation: string,
  ) {
    super(explanation);
  }
}

/** The CSRF check failed. */
export function csrfRefusal(lang: Lang): PageRefusal {
  return new PageRefusal(
    403,
    tr(lang, "请求已被拒绝", "Request refused"),
    tr(
      lang,
      "这个表单已过期或不是从本站页面提交的（CSRF 校验未通过）。请返回上一页，刷新后再提交一次。",
      "This form has expired or was not sent from this site's pages (the CSRF check failed). Go back, reload the page and send it again.",
    ),
  );
}

/** The sign-in page's address that returns to `path` afterwards. */
export function signInUrl(path: string, reason?: "expired" | "signedOut"): string {
  const q = new URLSearchParams();
  if (path && path !== "/" && path.startsWith("/") && !path.startsWith("//")) q.set("next", path);
  if (reason) q.set("reason", reason);
  const s = q.toString();
  return `/login${s ? `?${s}` : ""}`;
}

/** Lets a signed-in person with one of `roles` through (admins always); others go to sign-in or get a 403 page. */
export function requireRole(...roles: Role[]): MiddlewareHandler {
  return async (c, next) => {
    const w = web(c);
    if (!w.signedIn) {
      const wantsHtml = (c.req.header("accept") ?? "").includes("text/html") || c.req.method === "GET";
      if (!wantsHtml) {
        return c.json(
          {
            type: "urn:yibao:problem:unauthorized",
            title: tr(w.lang, "需要登录", "Sign-in required"),
            status: 401,
            detail: tr(w.lang, "登录已过期，请重新登录", "Your session has ended; sign in again"),
            code: "unauthorized",
          },
          401,
          { "content-type": "application/problem+json" },
        );
      }
      const back = c.req.method === "GET" ? c.req.path + (new URL(c.req.url).search || "") : "/";
      return c.redirect(signInUrl(back, w.staleCookie ? "expired" : undefined), 303);
    }
    const role = w.signedIn.account.role;
    if (role !== "admin" && !roles.includes(role)) {
      throw new PageRefusal(
        403,
        tr(w.lang, "没有权限", "Not permitted"),
        tr(
          w.lang,
          "您的角色不能打开这个页面。如需要，请联系管理员调整角色。",
          "Your role cannot open this page. Ask an administrator if you need it.",
        ),
      );
    }
    await next();
  };
}

/** The value of a form field (first value; files are ignored). */
export function field(form: Record<string, unknown>, name: string): string {
  const v = form[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === "string" ? first : "";
}

/** Every value of a repeated form field. */
export function fields(form: Record<string, unknown>, name: string): string[] {
  const v = form[name] ?? form[`${name}[]`];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === "string");
}

/** Refuses a request that another site sent (Fetch Metadata or Origin say so). */
export function refuseCrossSite(c: Context): void {
  const site = c.req.header("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw csrfRefusal(web(c).lang);
  const origin = c.req.header("origin");
  if (origin && origin !== "null") {
    const host = c.req.header("x-forwarded-host") ?? c.req.header("host");
    let originHost = "";
    try {
      originHost = new URL(origin).host;
    } catch { /* unreadable */ }
    if (host && originHost !== host) throw csrfRefusal(web(c).lang);
  } else if (origin === "null") {
    throw csrfRefusal(web(c).lang);
  }
}

/**
 * The form of a state-changing request after the CSRF check: the token must equal the session's,
 * compared in constant time, and the request must come from this origin.
 */
export async function checkedForm(c: Context): Promise<Record<string, unknown>> {
  const w = web(c);
  refuseCrossSite(c);
  const type = c.req.header("content-type") ?? "";
  const form = type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")
    ? await c.req.parseBody({ all: true }) as Record<string, unknown>
    : {};
  const sent = field(form, "_csrf") || c.req.header("x-csrf-token") || "";
  if (!w.signedIn || !sameToken(sent, w.signedIn.csrf)) throw csrfRefusal(w.lang);
  return form;
}

/** Constant-time comparison of two tokens. */
export function sameToken(a: string, b: string): boolean {
  if (!a || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
