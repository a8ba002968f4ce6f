/**
 * `./dev bench`: every benchmark, against throwaway servers like the tests. Figures are ratios
 * within one run where a ceiling exists, since the machines are shared and noisy. Prints a
 * report and writes it as JSON to `.run/bench/`.
 */
import { coldStart, kitOverhead } from "../../../tests/bench/foundation_bench.ts";
import { policyBench } from "../../../tests/bench/policy_bench.ts";
import { estimatorBench } from "../../../tests/bench/estimator_bench.ts";
import { notificationsBench, notificationsReport } from "../../../tests/bench/notifications_bench.ts";
import { sessionsBench } from "../../../tests/bench/sessions_bench.ts";
import { consoleAssetsBench, consoleAssetsReport } from "../../../tests/bench/console_assets_bench.ts";
import { consolePagesBench, consolePagesReport } from "../../../tests/bench/console_pages_bench.ts";
import { audienceBench, audienceReport } from "../../../tests/bench/audience_bench.ts";
import { runDir } from "./paths.ts";
import { startTestServers } from "./run_tests.ts";

const say = (msg: string) => console.error(`[bench] ${msg}`);
const f = (n: number, d = 1) => n.toFixed(d);

async function main(): Promise<void> {
  const report: Record<string, unknown> = { at: new Date().toISOString() };
  // built by ./dev's ensure_console_assets step before this runs
  report.consoleAssets = await consoleAssetsBench();
  const tmp = await Deno.makeTempDir({ prefix: "yibao-bench-" });
  try {
    say("cold start: the start command on an empty data folder, then again on the same data");
    const first = await coldStart("first start (empty data)", `${tmp}/data`, `${tmp}/run`);
    const second = await coldStart("second start (existing data)", `${tmp}/data`, `${tmp}/run`);
    report.coldStart = [first, second];
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }

  const servers = await startTestServers();
  try {
    say(
      "kit overhead: /healthz through the kit against a bare Deno.serve (wrk, 32 connections, 3 × 5 s each)",
    );
    report.kitOverhead = await kitOverhead(servers.env);
    say("policy lookup at national scale: generating every county and ~20,000 policy versions");
    report.policy = await policyBench(servers.env);
    say("reimbursement estimator: in-process, over HTTP, and batches of 1,000");
    report.estimator = await estimatorBench(servers.env);
    say("notification fan-out: one amendment to 10,000 webhook subscribers, one replica then two");
    report.notifications = await notificationsBench(servers.env);
    say(
      "live Q&A: 1,000 SSE listeners on one session (two instances) while 5,000 votes and 500 questions arrive in 10 s",
    );
    report.sessions = await sessionsBench(servers.env);
    say("console pages: server render time of each main page against the API calls it makes");
    report.consolePages = await consolePagesBench(servers.env);
    say("audience page: 200 members asking and voting through the console, the host reading the live stream");
    report.audience = await audienceBench(servers.env);
  } finally {
    await servers.stop();
  }

  const lines = ["", "Foundation benchmarks", ""];
  for (const c of report.coldStart as Awaited<ReturnType<typeof coldStart>>[]) {
    lines.push(
      `  cold start, ${c.label}: ${f(c.totalS)} s to every service ready ` +
        `(Neo4j ${f(c.neo4jS)} s; services after Neo4j, NATS, migrations and seed: ${f(c.servicesS)} s); ` +
        `SIGTERM to all stopped ${f(c.stopS)} s, exit ${c.exitCode}`,
    );
  }
  const k = report.kitOverhead as Awaited<ReturnType<typeof kitOverhead>>;
  const rps = (xs: { requestsPerSecond: number }[]) => xs.map((x) => f(x.requestsPerSecond, 0)).join(" / ");
  lines.push(
    `  kit overhead: bare Deno.serve ${rps(k.bare)} req/s; kit /healthz ${rps(k.kit)} req/s`,
    `    p99 bare ${k.bare.map((x) => f(x.p99Ms, 2)).join(" / ")} ms; kit ${
      k.kit.map((x) => f(x.p99Ms, 2)).join(" / ")
    } ms`,
    `    ratio kit / bare (medians): ${f(k.ratio, 2)}   (aim ≥ 0.70)`,
    "",
  );
  const p = report.policy as Awaited<ReturnType<typeof policyBench>>;
  lines.push(
    `Policy lookup at national scale (${p.graph.policies} policies, ${p.graph.versions} versions, ${p.graph.overrides} overrides; generated in ${
      f(p.graph.generateS)
    } s), wrk 8 connections:`,
    `  ceiling (bare Deno.serve): ${f(p.ceiling.requestsPerSecond, 0)} req/s, p50 ${
      f(p.ceiling.p50Ms, 2)
    } ms, p99 ${f(p.ceiling.p99Ms, 2)} ms`,
    ...p.results.map((r) =>
      `  ${r.name.padEnd(34)} ${f(r.requestsPerSecond, 0).padStart(7)} req/s  p50 ${
        f(r.p50Ms, 2).padStart(6)
      } ms  p99 ${f(r.p99Ms, 2).padStart(6)} ms  ` +
      `ratio to ceiling ${f(r.ratioToCeiling, 3)}${r.errors ? `  errors ${r.errors}` : ""}\n` +
      `  ${"".padEnd(34)} one connection: ${f(r.single.requestsPerSecond, 0)} req/s  p50 ${
        f(r.single.p50Ms, 2)
      } ms  p99 ${f(r.single.p99Ms, 2)} ms`
    ),
    "  aims: cached by id ≥ 0.50 of the ceiling; uncached in-force county p99 ≤ 25 ms; search p99 ≤ 50 ms",
    "",
  );
  const e = report.estimator as Awaited<ReturnType<typeof estimatorBench>>;
  lines.push(
    "Reimbursement estimator:",
    `  in-process, one core: ${f(e.inProcess.estimatesPerSecond, 0)} estimates/s (aim ≥ 20,000)`,
    `  POST /v1/estimates, 8 connections: ${f(e.http.requestsPerSecond, 0)} req/s, p50 ${
      f(e.http.p50Ms, 2)
    } ms, p99 ${f(e.http.p99Ms, 2)} ms;` +
      ` bare Deno.serve answering the same POST with a real estimate's bytes ${
        f(e.sameRequestCeiling.requestsPerSecond, 0)
      } req/s → ratio ${f(e.sameRequestRatio, 3)} (aim ≥ 0.40);` +
      ` against bare GET /healthz ${f(e.ceiling.requestsPerSecond, 0)} req/s → ${f(e.ratio, 3)}`,
    `  POST /v1/estimates/batch with 1,000 items: p50 ${f(e.batch1000.p50Ms, 1)} ms, p99 ${
      f(e.batch1000.p99Ms, 1)
    } ms over ${e.batch1000.samples} batches`,
    "",
  );
  lines.push(...notificationsReport(report.notifications as Awaited<ReturnType<typeof notificationsBench>>));
  const sb = report.sessions as Awaited<ReturnType<typeof sessionsBench>>;
  lines.push(
    `Live Q&A (${sb.listeners} SSE listeners over ${sb.instances} instances; ${sb.offered.votes} votes and ${sb.offered.questions} questions offered over ${sb.offered.seconds} s):`,
    `  sent in ${
      f(sb.sendS)
    } s; accepted ${sb.votesAccepted} votes (${sb.voteErrors} errors), ${sb.questionsAccepted} questions (${sb.askErrors} errors); ${
      f(sb.votesPerSecondAccepted, 0)
    } votes/s accepted`,
    `  every listener settled on the exact totals: ${
      sb.allSettled && sb.wrongTotals === 0
    }; duplicates ${sb.duplicates}, out of order ${sb.outOfOrder}, question events twice ${sb.questionDupes}; ${
      f(sb.eventsPerListener, 0)
    } events per listener (vote totals coalesce when a listener lags)`,
    `  vote accepted → listener holds that total: p50 ${f(sb.latency.p50Ms, 1)} ms, p90 ${
      f(sb.latency.p90Ms, 1)
    } ms, p99 ${f(sb.latency.p99Ms, 1)} ms, max ${
      f(sb.latency.maxMs, 1)
    } ms over ${sb.latency.samples} (vote, listener) pairs (aim p99 ≤ 200 ms)`,
    "",
  );
  lines.push(...consoleAssetsReport(report.consoleAssets as Awaited<ReturnType<typeof consoleAssetsBench>>));
  lines.push(...audienceReport(report.audience as Awaited<ReturnType<typeof audienceBench>>));
  lines.push(...consolePagesReport(report.consolePages as Awaited<ReturnType<typeof consolePagesBench>>));
  console.log(lines.join("\n"));
  await Deno.mkdir(`${runDir}/bench`, { recursive: true });
  const file = `${runDir}/bench/foundation-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  await Deno.writeTextFile(file, JSON.stringify(report, null, 2));
  say(`report written to ${file}`);
}

if (import.meta.main) await main();
