/**
 * `/audit` and `/audit.csv` (operators and reviewers): the policy-admin audit trail through its API,
 * filtered by person, policy and Shanghai calendar days, paged with the API's `before` cursor (the
 * last entry's instant). The CSV follows `before` pages up to {@linkcode csvLimit} entries.
 */
import type { Graph } from "@yibao/graph";
import type { ServiceApp } from "@yibao/kit";
import type { Context } from "hono";
import { listAccounts } from "../accounts/mod.ts";
import { audit, type AuditEntry } from "../api/admin.ts";
import type { Clients } from "../api/services.ts";
import { AuditPage } from "../pages/audit.tsx";
import { requireRole } from "../web/guards.ts";
import { label, roleLabels, tr } from "../web/i18n.ts";
import { renderPage } from "../web/render.tsx";
import { callerOf, web } from "../web/state.ts";
import {
  auditCsvHeader,
  auditCsvName,
  auditCsvRow,
  type AuditFilterValues,
  readAuditFilters,
  toCsv,
} from "./audit_filters.ts";

/** Entries per page. */
const pageSize = 50;
/** Most entries in one CSV export. */
export const csvLimit = 5_000;
/** Entries per API call while exporting (the API's maximum). */
const csvPage = 500;

function instant(text: string | undefined): string | undefined {
  return text && /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : undefined;
}

function filterLink(path: string, values: AuditFilterValues, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...extra })) if (v) params.set(k, v);
  const s = params.toString();
  return `${path}${s ? `?${s}` : ""}`;
}

/** Registers the audit page and its CSV export. */
export function registerAuditRoutes(app: ServiceApp, deps: { graph: Graph; clients: Clients }): void {
  const readers = requireRole("operator", "reviewer");

  app.get("/audit", readers, async (c: Context) => {
    const w = web(c);
    const caller = callerOf(c);
    const { values, errors, query } = readAuditFilters((n) => c.req.query(n), w.lang);
    const before = instant(c.req.query("before"));
    const accounts = await listAccounts(deps.graph);
    const failed = Object.keys(errors).length > 0;
    const entries: AuditEntry[] = failed
      ? []
      : await audit(deps.clients.admin, caller, { ...query, ...(before ? { before } : {}), limit: pageSize });
    const last = entries.at(-1);
    return renderPage(c, {
      title: tr(w.lang, "审计记录", "Audit trail"),
      page: "audit",
      wide: true,
      status: failed ? 400 : 200,
      body: (
        <AuditPage
          lang={w.lang}
          values={values}
          errors={errors}
          people={accounts.map((a) => ({
            value: `user:${a.id}`,
            label: `${a.name}（${label(roleLabels, a.role, w.lang)}）`,
          }))}
          entries={entries}
          olderHref={entries.length === pageSize && last
            ? filterLink("/audit", values, { before: last.at })
            : null}
          newestHref={before ? filterLink("/audit", values) : null}
          csvHref={filterLink("/audit.csv", values)}
          csvLimit={csvLimit}
        />
      ),
    });
  });

  app.get("/audit.csv", readers, async (c: Context) => {
    const w = web(c);
    const caller = callerOf(c);
    const { errors, query } = readAuditFilters((n) => c.req.query(n), w.lang);
    if (Object.keys(errors).length) {
      // the page shows which filter to correct
      return c.redirect(`/audit?${new URL(c.req.url).searchParams}`, 303);
    }
    const rows: string[][] = [auditCsvHeader];
    let before: string | undefined;
    while (rows.length - 1 < csvLimit) {
      const limit = Math.min(csvPage, csvLimit - (rows.length - 1));
      const entries = await audit(deps.clients.admin, caller, {
        ...query,
        ...(before ? { before } : {}),
        limit,
      });
      for (const e of entries) rows.push(auditCsvRow(e, w.lang));
      if (entries.length < limit) break;
      before = entries.at(-1)!.at;
    }
    return c.body(toCsv(rows), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${auditCsvName()}"`,
      "cache-control": "no-store",
    });
  });
}
