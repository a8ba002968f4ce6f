/**
 * Server render time of the console's main pages against the time their API calls take: the
 * console tells both in `Server-Timing` (`api` = the sum of its calls to the services, `total` =
 * the whole request). Each page is fetched over HTTP by a signed-in person, sequentially, after a
 * warm-up; p50 and p90 of both, the calls per page, and what the console adds (total − api at the
 * median; with calls in parallel the sum of the calls can exceed the total).
 */
import { issueToken, type RunningService, runService } from "@yibao/kit";
import { ensureAccount } from "../../services/console/accounts/mod.ts";
import { service as consoleService } from "../../services/console/service.ts";
import { service as eligibility } from "../../services/eligibility/service.ts";
import { service as notifications } from "../../services/notifications/service.ts";
import { service as policy } from "../../services/policy/service.ts";
import { service as policyAdmin } from "../../services/policy-admin/service.ts";
import { ConsoleClient } from "../console/_client.ts";
import { benchGraph, benchServiceEnv } from "./servers.ts";

/** One page's figures. */
export interface PageFigure {
  page: string;
  path: string;
  samples: number;
  calls: number;
  totalMs: { p50: number; p90: number };
  apiMs: { p50: number; p90: number };
  consoleMsAtMedian: number;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

function timing(header: string | null): { api: number; total: number; calls: number } {
  const api = /api;dur=([\d.]+);desc="(\d+) calls"/.exec(header ?? "");
  const total = /total;dur=([\d.]+)/.exec(header ?? "");
  return { api: Number(api?.[1] ?? NaN), calls: Number(api?.[2] ?? 0), total: Number(total?.[1] ?? NaN) };
}

/** Runs the page benchmark against the run's Neo4j and NATS. */
export async function consolePagesBench(
  env: Record<string, string>,
  options: { samples?: number } = {},
): Promise<PageFigure[]> {
  const samples = options.samples ?? 40;
  const secret = "bench-secret-bench-secret-bench-secret-00";
  const run = (spec: Parameters<typeof runService>[0], extra: Record<string, string> = {}) =>
    runService(spec, {
      env: (n) => ({ ...benchServiceEnv(env), PORT: "0", ...extra } as Record<string, string>)[n],
      handleSignals: false,
    });
  const started: RunningService[] = [];
  try {
    const [p, a, e, n] = await Promise.all([
      run(policy),
      run(policyAdmin),
      run(eligibility),
      run(notifications),
    ]);
    started.push(p, a, e, n);
    const url = (s: RunningService) => `http://127.0.0.1:${s.port}`;
    const web = await run(consoleService, {
      CONSOLE_SERVICES: `policy=${url(p)},policy-admin=${url(a)},eligibility=${url(e)},notifications=${
        url(n)
      }`,
    });
    started.push(web);
    const graph = benchGraph(env);
    const login = `bench-reviewer-${crypto.randomUUID().slice(0, 6)}`;
    const password = crypto.randomUUID();
    try {
      await ensureAccount(graph, { login, name: "压测审核人 Bench Reviewer", role: "reviewer", password });
    } finally {
      await graph.close();
    }
    // a draft amendment to review, drafted by an operator through the API
    const op = await issueToken(secret, { sub: "bench-operator", role: "operator", name: "Bench Operator" });
    const draft = await fetch(`${url(a)}/v1/policies/yt-employee-inpatient-benefits/amendments`, {
      method: "POST",
      headers: { authorization: `Bearer ${op}`, "content-type": "application/json" },
      body: JSON.stringify({
        summary: "压测：起付线调整",
        effectiveFrom: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
        changes: [{ field: "rules.yt-employee-inpatient.classBSelfPayBp", before: 1000, after: 1200 }],
      }),
    });
    const draftBody = await draft.json() as { id?: string };
    if (!draftBody.id) throw new Error(`drafting the bench amendment failed: ${JSON.stringify(draftBody)}`);
    await fetch(`${url(a)}/v1/amendments/${draftBody.id}/submit`, {
      method: "POST",
      headers: { authorization: `Bearer ${op}` },
    }).then((r) => r.body?.cancel());

    const client = new ConsoleClient({
      request: (path, init) => fetch(`${url(web)}${path}`, { ...init, redirect: "manual" }),
    });
    await client.signIn(login, password);
    const pages: [string, string][] = [
      ["amendment desk", "/amendments"],
      ["amendment review (diff + impact preview)", `/amendments/${draftBody.id}`],
      ["policies in force in a county", "/policies?region=110105"],
      ["policy with versions and diff", "/policies/nat-outpatient-pooling"],
      ["propagation of a published amendment", "/amendments/nat-outpatient-pooling-2025/propagation"],
      ["audit trail", "/audit"],
    ];
    const out: PageFigure[] = [];
    for (const [name, path] of pages) {
      for (let i = 0; i < 5; i++) await client.get(path);
      const totals: number[] = [];
      const apis: number[] = [];
      let calls = 0;
      for (let i = 0; i < samples; i++) {
        const res = await client.get(path);
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        const t = timing(res.headers.get("server-timing"));
        totals.push(t.total);
        apis.push(t.api);
        calls = t.calls;
      }
      const totalP50 = quantile(totals, 0.5);
      const apiP50 = quantile(apis, 0.5);
      out.push({
        page: name,
        path,
        samples,
        calls,
        totalMs: { p50: totalP50, p90: quantile(totals, 0.9) },
        apiMs: { p50: apiP50, p90: quantile(apis, 0.9) },
        consoleMsAtMedian: totalP50 - apiP50,
      });
    }
    return out;
  } finally {
    for (const s of started.reverse()) await s.shutdown().catch(() => {});
  }
}

/** The report lines. */
export function consolePagesReport(figures: PageFigure[]): string[] {
  const f = (n: number) => n.toFixed(1).padStart(7);
  return [
    "Console pages (server render vs the API calls it makes; Server-Timing, sequential, one signed-in reviewer):",
    ...figures.map((x) =>
      `  ${x.page.padEnd(42)} total p50 ${f(x.totalMs.p50)} ms p90 ${f(x.totalMs.p90)} ms | ` +
      `API calls (${x.calls}) p50 ${f(x.apiMs.p50)} ms p90 ${f(x.apiMs.p90)} ms | console's own ${
        f(x.consoleMsAtMedian)
      } ms`
    ),
    "",
  ];
}

if (import.meta.main) {
  // alone: `deno run -A --unsafe-proto tests/bench/console_pages_bench.ts` (throwaway servers, like ./dev bench)
  const { startTestServers } = await import("../../deploy/local/dev/run_tests.ts");
  const servers = await startTestServers();
  try {
    console.log(consolePagesReport(await consolePagesBench(servers.env)).join("\n"));
  } finally {
    await servers.stop();
  }
}
