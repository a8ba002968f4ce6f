/** Sign-in, sign-out and the language switch. */
import type { Graph } from "@yibao/graph";
import type { ServiceApp } from "@yibao/kit";
import type { Context } from "hono";
import { decoyHash, needsRehash, verifyPassword } from "../accounts/password.ts";
import { findForSignIn, hashPassword, recordSignIn } from "../accounts/mod.ts";
import { randomToken, type SessionStore } from "../auth/sessions.ts";
import type { SignInThrottle } from "../auth/throttle.ts";
import { LoginPage } from "../pages/login.tsx";
import {
  clearSessionCookie,
  cookie,
  preSessionCookie,
  sessionCookie,
  setLangCookie,
  setPreSessionCookie,
  setSessionCookie,
} from "../web/cookies.ts";
import { checkedForm, csrfRefusal, field, refuseCrossSite, sameToken } from "../web/guards.ts";
import { tr } from "../web/i18n.ts";
import { renderPage } from "../web/render.tsx";
import { web } from "../web/state.ts";

/** A same-site path to go back to after sign-in, or "/". */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (/^\/(login|logout)(\/|\?|$)/.test(next)) return "/";
  return next;
}

/** Registers `/login`, `/logout` and `/lang/:lang`. */
export function registerAuthRoutes(
  app: ServiceApp,
  deps: { graph: Graph; sessions: SessionStore; throttle: SignInThrottle },
): void {
  function loginPage(
    c: Context,
    o: { status?: number; error?: string; login?: string; next?: string; headers?: Record<string, string> } =
      {},
  ): Response {
    const w = web(c);
    const token = randomToken();
    setPreSessionCookie(c, token, w.secure);
    return renderPage(c, {
      title: tr(w.lang, "登录", "Sign in"),
      page: "login",
      status: o.status ?? 200,
      ...(o.headers ? { headers: o.headers } : {}),
      body: (
        <LoginPage
          lang={w.lang}
          token={token}
          next={safeNext(o.next ?? c.req.query("next"))}
          login={o.login ?? ""}
          {...(o.error ? { error: o.error } : {})}
          {...(c.req.query("reason") ? { reason: c.req.query("reason")! } : {})}
        />
      ),
    });
  }

  app.get("/login", (c) => {
    const w = web(c);
    if (w.signedIn) return c.redirect(safeNext(c.req.query("next")), 303);
    return loginPage(c);
  });

  app.post("/login", async (c) => {
    const w = web(c);
    refuseCrossSite(c);
    const form = await c.req.parseBody() as Record<string, unknown>;
    const expected = cookie(c, preSessionCookie) ?? "";
    if (!sameToken(field(form, "_csrf"), expected)) throw csrfRefusal(w.lang);
    const login = field(form, "login").trim().slice(0, 100);
    const password = field(form, "password").slice(0, 1000);
    const next = safeNext(field(form, "next"));
    const tooMany = (seconds: number) =>
      loginPage(c, {
        status: 429,
        login,
        next,
        headers: { "retry-after": String(seconds) },
        error: tr(
          w.lang,
          `尝试次数过多，请 ${Math.ceil(seconds / 60)} 分钟后再试。`,
          `Too many attempts. Try again in ${Math.ceil(seconds / 60)} min.`,
        ),
      });
    if (!login || !password) {
      return loginPage(c, {
        status: 400,
        login,
        next,
        error: tr(w.lang, "请填写账号和密码。", "Enter your account and password."),
      });
    }
    const wait = await deps.throttle.retryAfter(login, w.address);
    if (wait > 0) return tooMany(wait);
    const account = await findForSignIn(deps.graph, login);
    // An unknown login costs the same hashing as a known one: the answer's timing says nothing.
    const matches = await verifyPassword(password, account?.passwordHash ?? await decoyHash);
    if (!account || !matches || account.disabled) {
      await deps.throttle.fail(login, w.address);
      const after = await deps.throttle.retryAfter(login, w.address);
      if (after > 0) return tooMany(after);
      return loginPage(c, {
        status: 401,
        login,
        next,
        error: tr(w.lang, "账号或密码不正确。", "The account or password is not right."),
      });
    }
    await deps.throttle.succeed(login);
    const session = await deps.sessions.create(account.id, {
      address: w.address,
      userAgent: c.req.header("user-agent") ?? "",
    });
    if (!session) {
      return loginPage(c, {
        status: 401,
        login,
        next,
        error: tr(w.lang, "账号或密码不正确。", "The account or password is not right."),
      });
    }
    await recordSignIn(
      deps.graph,
      account.id,
      needsRehash(account.passwordHash) ? await hashPassword(password) : null,
    );
    setSessionCookie(c, session.cookie, w.secure);
    return c.redirect(next, 303);
  });

  app.post("/logout", async (c) => {
    const w = web(c);
    if (!w.signedIn) {
      clearSessionCookie(c, w.secure);
      return c.redirect("/login", 303);
    }
    await checkedForm(c);
    await deps.sessions.end(cookie(c, sessionCookie));
    clearSessionCookie(c, w.secure);
    return c.redirect("/login?reason=signedOut", 303);
  });

  app.get("/lang/:lang", (c) => {
    const lang = c.req.param("lang") === "en" ? "en" : "zh";
    setLangCookie(c, lang, web(c).secure);
    return c.redirect(safeNext(c.req.query("next")), 303);
  });
}
