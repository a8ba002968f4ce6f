/** `/`: where each person starts — their queue, by role. */
import type { ServiceApp } from "@yibao/kit";
import type { Clients } from "../api/services.ts";
import { requireRole } from "../web/guards.ts";
import { tr } from "../web/i18n.ts";
import { renderPage } from "../web/render.tsx";
import { web } from "../web/state.ts";
import { signInUrl } from "../web/guards.ts";
import { HomePage } from "../pages/home.tsx";
import { listAmendments } from "../api/admin.ts";
import { hostSessions } from "../api/sessions.ts";
import { slotsOf } from "../pages/host_sessions.tsx";

/** Registers the start page. */
export function registerHomeRoutes(app: ServiceApp, deps: { clients: Clients }): void {
  app.get(
    "/",
    async (c, next) => {
      if (!web(c).signedIn) {
        return c.redirect(signInUrl("/", web(c).staleCookie ? "expired" : undefined), 303);
      }
      await next();
    },
    requireRole("operator", "reviewer", "host"),
    async (c) => {
      const w = web(c);
      const role = w.signedIn!.account.role;
      const caller = w.caller!;
      const desk = role === "host" ? null : {
        waiting: role === "operator"
          ? null
          : await listAmendments(deps.clients.admin, caller, { waitingForMe: true, limit: 10 }),
        mine: role === "reviewer" ? null : await listAmendments(deps.clients.admin, caller, {
          authorId: `user:${caller.account.id}`,
          limit: 10,
        }),
      };
      const next = role === "host"
        ? slotsOf(
          await hostSessions(deps.clients.sessions, caller, {
            host: caller.account.id,
            from: new Date().toISOString(),
            to: new Date(Date.now() + 14 * 86_400_000).toISOString(),
          }),
          "Asia/Shanghai",
        ).slice(0, 10)
        : null;
      return renderPage(c, {
        title: tr(w.lang, "首页", "Start"),
        page: "home",
        body: <HomePage lang={w.lang} signedIn={w.signedIn!} desk={desk} next={next} />,
      });
    },
  );
}
