/**
 * `/amendments/:id/propagation`: the page, and its live stream (SSE) of the same fragment,
 * re-rendered from the services' reports once a second and sent only when it changed.
 */
import type { ServiceApp } from "@yibao/kit";
import { streamSSE } from "hono/streaming";
import { getAmendment, propagation } from "../api/admin.ts";
import type { Caller } from "../api/client.ts";
import { eventReach } from "../api/notifications.ts";
import { getPolicy } from "../api/policy.ts";
import type { Clients } from "../api/services.ts";
import { PropagationLive, type PropagationView } from "../pages/propagation.tsx";
import { requireRole } from "../web/guards.ts";
import { type Lang, tr } from "../web/i18n.ts";
import { renderPage } from "../web/render.tsx";
import { callerOf, web } from "../web/state.ts";

/** How long one live stream stays open before the browser reconnects (EventSource does so by itself). */
const streamMinutes = 10;

/** Registers the propagation page and its stream. */
export function registerPropagationRoutes(
  app: ServiceApp,
  deps: { clients: Clients; lateAfterSeconds: number },
): void {
  const { clients } = deps;

  async function view(caller: Caller, id: string): Promise<PropagationView> {
    const report = await propagation(clients.admin, caller, id);
    const eventId = report.publishedEventId;
    const reach = eventId ? await eventReach(clients.notifications, caller, eventId) : null;
    return { report, reach, lateAfterSeconds: deps.lateAfterSeconds, now: Date.now() };
  }

  const fragment = (lang: Lang, v: PropagationView) => String(<PropagationLive lang={lang} view={v} />);

  app.get("/amendments/:id/propagation", requireRole("operator", "reviewer"), async (c) => {
    const w = web(c);
    const t = (zh: string, en: string) => tr(w.lang, zh, en);
    const caller = callerOf(c);
    const id = c.req.param("id");
    const { amendment } = await getAmendment(clients.admin, caller, id);
    const [v, policy] = await Promise.all([
      view(caller, id),
      getPolicy(clients.policy, caller, amendment.policyId).catch(() => null),
    ]);
    return renderPage(c, {
      title: t("传播情况", "Propagation"),
      page: "propagation",
      body: (
        <article>
          <p class="crumbs">
            <a href="/amendments">{t("审核台", "Amendment desk")}</a> ›{" "}
            <a href={`/amendments/${encodeURIComponent(id)}`}>
              {policy?.title ?? amendment.policyTitle ?? amendment.policyId}
            </a>
          </p>
          <h1>{t("传播情况", "Propagation")}</h1>
          <p>{amendment.summary}</p>
          <div
            data-enhance="live-fragment"
            data-source={`/amendments/${encodeURIComponent(id)}/propagation/stream`}
          >
            {<PropagationLive lang={w.lang} view={v} />}
          </div>
          <p class="muted small">
            {t(
              `页面会实时更新。超过 ${deps.lateAfterSeconds} 秒仍未确认的渠道标为超时。`,
              `This page updates live. A channel still silent after ${deps.lateAfterSeconds} s is marked late.`,
            )} <a href={`/amendments/${encodeURIComponent(id)}/propagation`}>{t("手动刷新", "Reload")}</a>
          </p>
        </article>
      ),
    });
  });

  app.get("/amendments/:id/propagation/stream", requireRole("operator", "reviewer"), (c) => {
    const w = web(c);
    const caller = callerOf(c);
    const id = c.req.param("id");
    return streamSSE(c, async (stream) => {
      const until = Date.now() + streamMinutes * 60_000;
      let last = "";
      let n = 0;
      await stream.writeSSE({ event: "hello", data: "", retry: 2_000 });
      while (!stream.aborted && !stream.closed && Date.now() < until) {
        try {
          // a fresh timing per poll: this stream is not a page render
          caller.timing = { apiMs: 0, calls: 0 };
          const html = fragment(w.lang, await view(caller, id));
          // the page's text of "n seconds ago" changes every second; send when anything does
          if (html !== last) {
            await stream.writeSSE({ event: "fragment", data: html, id: String(++n) });
            last = html;
          }
        } catch (err) {
          await stream.writeSSE({
            event: "unavailable",
            data: String(err instanceof Error ? err.name : "error"),
          });
        }
        await stream.sleep(1_000);
      }
    });
  });
}
