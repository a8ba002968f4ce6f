/**
 * `/host/sessions/:id/results` (the session's host): what the audience learned, from the sessions
 * service's session awareness and the launches' results; `/host/sessions/:id/results/answers.csv`
 * passes the service's CSV through byte for byte (its UTF-8 BOM kept).
 */
import type { ServiceApp } from "@yibao/kit";
import type { Context } from "hono";
import { ApiProblem } from "../api/client.ts";
import { sessionAnswersCsv, sessionAwareness } from "../api/items.ts";
import { sessionLaunches } from "../api/launches.ts";
import { getSession } from "../api/sessions.ts";
import type { Clients } from "../api/services.ts";
import { explanationsOf, ratingSummaries, SessionResultsPage } from "../pages/session_results.tsx";
import { PageRefusal, requireRole } from "../web/guards.ts";
import { tr } from "../web/i18n.ts";
import { renderPage } from "../web/render.tsx";
import { callerOf, web } from "../web/state.ts";
import { notFoundPage } from "./host_sessions.tsx";

/** Registers the session results page and its CSV download. */
export function registerSessionResultsRoutes(app: ServiceApp, deps: { clients: Clients }): void {
  const { clients } = deps;
  const guard = requireRole("host");

  /** 403 from the service (another host's session) as a page refusal. */
  const refused = (lang: "zh" | "en") => (err: unknown): never => {
    if (err instanceof ApiProblem && err.status === 403) {
      throw new PageRefusal(
        403,
        tr(lang, "无权查看", "Not yours to read"),
        tr(lang, "主播只能查看自己场次的结果。", "A host reads the results of their own sessions only."),
      );
    }
    return notFoundPage(lang, err);
  };

  app.get("/host/sessions/:id{ses-[a-z0-9-]+}/results", guard, async (c: Context) => {
    const w = web(c);
    const caller = callerOf(c);
    const id = c.req.param("id")!;
    const { session } = await getSession(clients.sessions, caller, id).catch((e) => notFoundPage(w.lang, e));
    const [awareness, launches] = await Promise.all([
      sessionAwareness(clients.sessions, caller, id),
      sessionLaunches(clients.sessions, caller, id),
    ]).catch(refused(w.lang));
    return renderPage(c, {
      title: tr(w.lang, `学习效果：${session.title}`, `What the audience learned: ${session.title}`),
      page: "host-results",
      wide: true,
      body: (
        <SessionResultsPage
          lang={w.lang}
          session={{ id, title: session.title }}
          awareness={awareness}
          ratings={ratingSummaries(launches)}
          explanations={explanationsOf(launches)}
        />
      ),
    });
  });

  app.get("/host/sessions/:id{ses-[a-z0-9-]+}/results/answers.csv", guard, async (c: Context) => {
    const w = web(c);
    const id = c.req.param("id")!;
    const csv = await sessionAnswersCsv(clients.sessions, callerOf(c), id);
    if (csv.status === 403) refused(w.lang)(new ApiProblem(403, "forbidden", "", "", [], "sessions"));
    if (csv.status === 404) notFoundPage(w.lang, new ApiProblem(404, "notFound", "", "", [], "sessions"));
    if (csv.status !== 200) throw new Error(`sessions answers.csv: ${csv.status}`);
    return c.body(csv.bytes, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="answers-${id}.csv"`,
      "cache-control": "no-store",
    });
  });
}
