/**
 * `/awareness` (operators, reviewers): awareness by policy, region (with the regions below),
 * audience and Shanghai calendar days, the hardest items, and — for a region — the least-known
 * policies. Read from the sessions service's awareness API.
 */
import type { ServiceApp } from "@yibao/kit";
import type { Context } from "hono";
import { ApiProblem } from "../api/client.ts";
import { awareness, hardestItems, lowestPolicies } from "../api/items.ts";
import { type RegionRef, vocabulary } from "../api/policy.ts";
import type { Clients } from "../api/services.ts";
import { AwarenessPage, type AwarenessProps } from "../pages/awareness.tsx";
import { requireRole } from "../web/guards.ts";
import { tr } from "../web/i18n.ts";
import { renderPage } from "../web/render.tsx";
import { callerOf, web } from "../web/state.ts";
import { regionFieldValue, regionInputMax, resolveRegionInput } from "../web/region_input.ts";

/** The first instant of a Shanghai calendar day. */
function dayStart(date: string): string {
  return `${date}T00:00:00+08:00`;
}
/** The first instant of the day after a Shanghai calendar day. */
function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return `${d.toISOString().slice(0, 10)}T00:00:00+08:00`;
}

/** Registers the awareness page. */
export function registerAwarenessRoutes(app: ServiceApp, deps: { clients: Clients }): void {
  const { clients } = deps;
  app.get("/awareness", requireRole("operator", "reviewer"), async (c: Context) => {
    const w = web(c);
    const t = (zh: string, en: string) => tr(w.lang, zh, en);
    const caller = callerOf(c);
    const q = (n: string) => (c.req.query(n) ?? "").trim();
    const values = {
      policy: q("policy"),
      region: q("region").slice(0, regionInputMax),
      audience: q("audience"),
      from: q("from"),
      to: q("to"),
    };
    const errors: AwarenessProps["errors"] = {};
    // a name, a full name or a code, resolved as on the policies page; the regions below count too
    let region: RegionRef | undefined;
    let regionChoices: RegionRef[] = [];
    if (values.region) {
      const r = await resolveRegionInput(clients.policy, caller, values.region, w.lang);
      region = r.region;
      regionChoices = r.choices;
      if (r.error) errors.region = r.error;
      if (region) values.region = regionFieldValue(region);
    }
    if (values.from && !/^\d{4}-\d{2}-\d{2}$/.test(values.from)) {
      errors.from = t("请填写日期", "Enter a date");
    }
    if (values.to && !/^\d{4}-\d{2}-\d{2}$/.test(values.to)) errors.to = t("请填写日期", "Enter a date");
    if (!errors.from && !errors.to && values.from && values.to && values.to < values.from) {
      errors.to = t("结束日期不能早于开始日期", "The last day is before the first");
    }
    const audiences = await vocabulary(clients.policy, caller, "audiences").catch(() => []);
    const props: AwarenessProps = {
      lang: w.lang,
      values,
      errors,
      audiences,
      regionName: region ? region.fullName ?? region.name : null,
      regionChoices,
      overall: null,
      policies: [],
      hardest: [],
      lowest: null,
    };
    let status = Object.keys(errors).length ? 400 : 200;
    if (status === 200) {
      const f = {
        policy: values.policy || undefined,
        region: region?.code,
        audience: values.audience || undefined,
        from: values.from ? dayStart(values.from) : undefined,
        to: values.to ? dayAfter(values.to) : undefined,
      };
      try {
        const [all, hardest, lowest] = await Promise.all([
          awareness(clients.sessions, caller, f),
          hardestItems(clients.sessions, caller, f, 10),
          f.region
            ? lowestPolicies(clients.sessions, caller, { ...f, region: f.region }, 10)
            : Promise.resolve(null),
        ]);
        Object.assign(props, {
          overall: all.overall,
          policies: all.policies,
          hardest,
          lowest,
        });
      } catch (err) {
        if (!(err instanceof ApiProblem) || err.status >= 500 || err.status === 401) throw err;
        for (const e of err.errors) {
          const name = e.path.replace(/^query\./, "") as keyof AwarenessProps["errors"];
          if (name in values) errors[name] = e.message;
        }
        if (!Object.keys(errors).length) props.problem = err.detail || err.title;
        status = err.status;
      }
    }
    return renderPage(c, {
      title: t("政策知晓率", "Policy awareness"),
      page: "awareness",
      wide: true,
      status,
      body: <AwarenessPage {...props} />,
    });
  });
}
