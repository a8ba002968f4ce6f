/**
 * `./dev bench [part ...]`: the benchmarks, against throwaway servers like the tests. Figures are
 * ratios within one run where a ceiling exists, since the machines are shared and noisy. Prints a
 * report and writes it as JSON to `.run/bench/`. With names, runs only those parts (for example
 * `./dev bench policy estimator`); `./dev bench --list` prints them.
 */
import { coldStart, kitOverhead, type KitSeries } from "../../../tests/bench/foundation_bench.ts";
import { policyBench } from "../../../tests/bench/policy_bench.ts";
import type { CountyListPart } from "../../../tests/bench/county_list_parts.ts";
import { cacheBench } from "../../../tests/bench/cache_bench.ts";
import { estimatorBench } from "../../../tests/bench/estimator_bench.ts";
import { notificationsBench, notificationsReport } from "../../../tests/bench/notifications_bench.ts";
import {
  sessionsBench,
  sessionsReport,
  sessionsScaleBench,
  sessionsWarmup,
  sessionsWarmupReport,
} from "../../../tests/bench/sessions_bench.ts";
import { consoleAssetsBench, consoleAssetsReport } from "../../../tests/bench/console_assets_bench.ts";
import { consolePagesBench, consolePagesReport } from "../../../tests/bench/console_pages_bench.ts";
import { audienceBench, audienceReport } from "../../../tests/bench/audience_bench.ts";
import { quizBench, quizReport } from "../../../tests/bench/quiz_bench.ts";
import { clusterBench, clusterReport } from "../../../tests/bench/cluster_bench.ts";
import { runDir } from "./paths.ts";
import { startTestServers } from "./run_tests.ts";

/**
 * Warm-up rounds of live Q&A before the first measured one of this bench run (none after that).
 * BENCH_SESSIONS_WARMUP: the fewest rounds (2; 0 skips them, and a Neo4j started for this run then
 * compiles its query paths during the measured round). After those, rounds go on until Neo4j's JIT
 * compiler spent under a tenth of Neo4j's CPU in one, at most 10 in all (as the notifications and
 * policy parts wait for it). On the 2-core machine the compiler was still at a third of Neo4j's CPU after
 * six rounds, and after ten the measured round's p99 was 291 and 373 ms against 591 ms after six (three
 * runs, 2026-12-02).
 */
async function warmSessions(
  env: Record<string, string>,
): Promise<Awaited<ReturnType<typeof sessionsWarmup>>[]> {
  if (sessionsWarmed) return [];
  sessionsWarmed = true;
  const least = Number(Deno.env.get("BENCH_SESSIONS_WARMUP") ?? "2");
  const warmup = [];
  for (let i = 0; least > 0 && i < Math.max(least, 10); i++) {
    const w = await sessionsWarmup(env);
    warmup.push(w);
    if (i + 1 >= least && w.neo4jJitCores < w.neo4jCores / 10) break;
  }
  return warmup;
}
let sessionsWarmed = false;

const say = (msg: string) => console.error(`[bench] ${msg}`);
const f = (n: number, d = 1) => n.toFixed(d);

/** One benchmark: what it says while it runs, how it runs, and the report lines it prints. */
interface BenchPart<T> {
  name: string;
  what: string;
  /** false: runs without the shared test servers (it starts what it needs itself) */
  needsServers: boolean;
  run(env: Record<string, string>): Promise<T>;
  report(result: T): string[];
}

/** The aims of issue 13 for the policy lookups, printed beside their figures. */
const policyAims: Record<string, string> = {
  "policy by id, cached": "≥ 0.50 of the ceiling",
  "policy by id, 4 KB, cached": "≥ 0.50 of the ceiling",
  "policy by id, 4 KB, cached, gzip": "≥ 0.50 of the ceiling",
  "in force for a county, uncached": "p99 ≤ 25 ms",
  "search, uncached": "p99 ≤ 50 ms",
};

/**
 * The county list's parts, each alone (tests/bench/county_list_parts.ts), and what precomputing the
 * in-force set could save: the list against the projection of its pages with their pairs given.
 */
function countyPartsLines(parts: CountyListPart[]): string[] {
  const cpu = (p: CountyListPart) => p.neo4jMs + p.clientMs;
  const list = parts.find((p) => p.name === "list");
  const projection = parts.find((p) => p.name === "projection only");
  if (!list || !projection) return [];
  return [
    `  the county list's parts, each alone (${list.queries} sequential queries each, decoded as the service decodes; CPU a query: Neo4j without its JIT compiler + the client):`,
    ...parts.map((p) =>
      `    ${p.name.padEnd(16)} ${f(p.neo4jMs, 2)} + ${f(p.clientMs, 2)} ms = ${f(cpu(p), 2)} ms; ${
        f(p.wallMs, 2)
      } ms a query; Neo4j's compiler ${f(p.neo4jJitMs, 2)} ms`
    ),
    `    a precomputed in-force set (the pages' policies given) could save at most ${
      f(cpu(list) - cpu(projection), 2)
    } of the list's ${f(cpu(list), 2)} ms; the projection it leaves costs ${
      f(cpu(projection), 2)
    } ms before the service's HTTP work, against about 3 ms a request in all that p99 ≤ 25 ms at 8 connections needs on 2 cores (services/policy/README.md)`,
  ];
}

/** "; CPU per request: service … µs, that bare server … µs → ratio" when both were measured. */
function cpuVs(
  service: { serviceMsPerRequest: number } | null | undefined,
  bare: { cpuUsPerRequest: number | null },
): string {
  if (!service || bare.cpuUsPerRequest === null) return "";
  const us = service.serviceMsPerRequest * 1000;
  return `; CPU per request: service ${f(us, 1)} µs, that bare server ${f(bare.cpuUsPerRequest, 1)} µs → ${
    f(bare.cpuUsPerRequest / us, 3)
  }`;
}

// deno-lint-ignore no-explicit-any
const part = <T>(p: BenchPart<T>): BenchPart<any> => p;

/** Every benchmark, in the order they run and report. */
const parts = [
  part({
    name: "console-assets",
    what: "console assets: the browser bundles' sizes",
    needsServers: false,
    run: () => consoleAssetsBench(),
    report: consoleAssetsReport,
  }),
  part({
    name: "cold-start",
    what: "cold start: the start command on an empty data folder, then again on the same data",
    needsServers: false,
    run: async () => {
      const tmp = await Deno.makeTempDir({ prefix: "yibao-bench-" });
      try {
        const first = await coldStart("first start (empty data)", `${tmp}/data`, `${tmp}/run`);
        const second = await coldStart("second start (existing data)", `${tmp}/data`, `${tmp}/run`);
        return [first, second];
      } finally {
        await Deno.remove(tmp, { recursive: true }).catch(() => {});
      }
    },
    report: (starts) =>
      starts.map((c) =>
        `  cold start, ${c.label}: ${f(c.totalS)} s to every service ready ` +
        `(Neo4j ${f(c.neo4jS)} s; services after Neo4j, NATS, migrations and seed: ${f(c.servicesS)} s); ` +
        `SIGTERM to all stopped ${f(c.stopS)} s, exit ${c.exitCode}`
      ),
  }),
  part({
    name: "kit",
    what:
      "kit overhead: /healthz and a cached read through the kit against a bare Deno.serve, a bare server reading the same headers and one answering the read's bytes (wrk, 32 connections, 3 × 5 s each)",
    needsServers: true,
    run: (env) => kitOverhead(env),
    report: (k) => {
      const line = (label: string, x: KitSeries) =>
        `    ${label.padEnd(44)} ${x.runs.map((r) => f(r.requestsPerSecond, 0)).join(" / ")} req/s; p99 ${
          x.runs.map((r) => f(r.p99Ms, 2)).join(" / ")
        } ms; CPU ${x.medianCpuUs === null ? "n/a" : f(x.medianCpuUs)} µs a request`;
      return [
        "  kit overhead (wrk, 32 connections, rounds in turn; CPU: the server process's, median of the rounds):",
        line("bare Deno.serve", k.bare),
        line("bare, reading the kit's headers as /healthz", k.bareHeaders),
        line("kit /healthz", k.kit),
        line("bare, same headers and the read's bytes", k.sameBytes),
        line("kit cached read (policy by id, API key)", k.cachedRead),
        `    kit /healthz / bare (medians): ${f(k.ratio, 2)}   (aim ≥ 0.70); / bare reading its headers: ${
          f(k.ratioToBareHeaders, 2)
        }`,
        `    kit cached read / bare: ${f(k.cachedRatio, 2)}; / bare with the same headers and bytes: ${
          f(k.cachedRatioToSameBytes, 2)
        }`,
        "",
      ];
    },
  }),
  part({
    name: "policy",
    what: "policy lookup at national scale: generating every county and ~20,000 policy versions",
    needsServers: true,
    run: (env) => policyBench(env),
    report: (p) => [
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
        `ratio to ceiling ${f(r.ratioToCeiling, 3)}${r.errors ? `  errors ${r.errors}` : ""}${
          policyAims[r.name] ? `  (aim: ${policyAims[r.name]})` : ""
        }\n` +
        `  ${"".padEnd(34)} one connection: ${f(r.single.requestsPerSecond, 0)} req/s  p50 ${
          f(r.single.p50Ms, 2)
        } ms  p99 ${f(r.single.p99Ms, 2)} ms` +
        [["8 connections", r.cpu], ["one connection", r.single.cpu]].map(([label, c]) =>
          c && typeof c === "object"
            ? `\n  ${"".padEnd(34)} CPU per request (${label}): service ${
              f(c.serviceMsPerRequest, 2)
            } ms + Neo4j ${f(c.neo4jMsPerRequest, 2)} ms (of which its JIT compiler ${
              f(c.neo4jJitMsPerRequest, 2)
            }); the two used ${f(c.coresUsed, 2)} of 2 cores (load average ${f(c.loadAverage, 1)})`
            : ""
        ).join("")
      ),
      `  cached by id against a bare server answering the same request with its exact bytes and the kit's headers: ${
        f(p.sameBytesCeiling.requestsPerSecond, 0)
      } req/s → ratio ${f(p.cachedRatioToSameBytes, 3)}${
        cpuVs(p.results[0]?.cpu, p.sameBytesCeiling)
      }; that bare server is itself at ${
        f(p.sameBytesCeiling.requestsPerSecond / p.ceiling.requestsPerSecond, 3)
      } of bare GET /healthz (the most any implementation sending these bytes and headers reaches here)`,
      `  compression, on demo policy ${p.gzip.policyId} (a real policy's size): ${p.gzip.identityBytes} bytes plain, ${p.gzip.gzipBytes} bytes asked with Accept-Encoding: gzip (answered ${
        p.gzip.coding ?? "uncompressed"
      }, ${
        f(100 * p.gzip.gzipBytes / p.gzip.identityBytes, 0)
      }%); the generated policies (${p.gzip.small.bytes} bytes) go ${p.gzip.small.coding ?? "uncompressed"}`,
      `    plain against a bare server sending the same bytes and headers: ${
        f(p.gzip.plainSameBytesCeiling.requestsPerSecond, 0)
      } req/s → ratio ${f(p.gzip.plainRatioToSameBytes, 3)}${
        cpuVs(p.results[1]?.cpu, p.gzip.plainSameBytesCeiling)
      }`,
      `    gzip against a bare server sending the same gzip bytes and headers: ${
        f(p.gzip.sameBytesCeiling.requestsPerSecond, 0)
      } req/s → ratio ${f(p.gzip.ratioToSameBytes, 3)}${cpuVs(p.results[2]?.cpu, p.gzip.sameBytesCeiling)}`,
      ...countyPartsLines(p.countyListParts),
      `  search, uncached, by filter (8 questions each; aim p99 ≤ 50 ms at 8 connections):`,
      ...p.searchByFilter.map((s) =>
        `    ${s.label.padEnd(30)} 8 connections: p50 ${f(s.many.p50Ms, 2)} ms  p99 ${
          f(s.many.p99Ms, 2)
        } ms; one: p50 ${f(s.one.p50Ms, 2)} ms  p99 ${f(s.one.p99Ms, 2)} ms` +
        (s.many.cpu
          ? `; CPU per request: service ${f(s.many.cpu.serviceMsPerRequest, 2)} ms + Neo4j ${
            f(s.many.cpu.neo4jMsPerRequest, 2)
          } ms (JIT ${f(s.many.cpu.neo4jJitMsPerRequest, 2)})`
          : "")
      ),
      `    in-process search index: ${p.searchIndex.versions} versions, built in ${
        f(p.searchIndex.buildS, 2)
      } s at start; ranked ${p.searchIndex.served} searches, ${p.searchIndex.stale} found it behind the graph; resident memory ${
        f(p.searchIndex.rssMb ?? NaN, 0)
      } MB (the instance without it: ${f(p.searchIndex.rssWithoutMb ?? NaN, 0)} MB)`,
      `  Neo4j warmed with uncached reads until its JIT compiler settled (under a tenth of its CPU; rounds of 4 s, not in the figures): ${
        p.jitRounds.map((r) =>
          `${f(r.requestsPerSecond, 0)} req/s, Neo4j ${f(r.neo4jMsPerRequest, 2)} ms a request of which JIT ${
            f(r.jitMsPerRequest, 2)
          }`
        ).join("; ")
      }`,
      `    cold (first 2 s of searches after Neo4j's start, not in the figures above): ${
        p.searchCold.requests === 0
          ? "no search answered within 2 s"
          : `${f(p.searchCold.requestsPerSecond, 0)} req/s  p50 ${f(p.searchCold.p50Ms, 2)} ms  p99 ${
            f(p.searchCold.p99Ms, 2)
          } ms`
      }`,
      "  aims: cached by id ≥ 0.50 of the ceiling; uncached in-force county p99 ≤ 25 ms; search p99 ≤ 50 ms (both at 8 connections)",
      "",
    ],
  }),
  part({
    name: "cache",
    what: "policy cache under amendments: a steady read load, quiet and then with a policy event every 2 s",
    needsServers: true,
    run: (env) => cacheBench(env),
    report: (c) => [
      `Policy cache under amendments (one instance, ${c.paths} paths: county lists and policies by id; wrk 8 connections):`,
      ...([["quiet", c.quiet], ["an event every 2 s", c.amending]] as const).map(([label, p]) =>
        `  ${label.padEnd(20)} ${f(p.requestsPerSecond, 0).padStart(6)} req/s  p50 ${f(p.p50Ms, 2)} ms  p99 ${
          f(p.p99Ms, 2)
        } ms  hit rate ${f(p.hitRate * 100, 1)}%` +
        (p.events
          ? `; ${p.events} events, each dropped ${f(p.droppedPerEvent, 1)} of ~${p.entriesBefore} entries`
          : "")
      ),
      "",
    ],
  }),
  part({
    name: "estimator",
    what: "reimbursement estimator: in-process, over HTTP, and batches of 1,000",
    needsServers: true,
    run: (env) => estimatorBench(env),
    report: (e) => [
      "Reimbursement estimator:",
      `  in-process, one core: ${f(e.inProcess.estimatesPerSecond, 0)} estimates/s (aim ≥ 20,000)`,
      `  POST /v1/estimates, 8 connections: ${f(e.http.requestsPerSecond, 0)} req/s, p50 ${
        f(e.http.p50Ms, 2)
      } ms, p99 ${f(e.http.p99Ms, 2)} ms;` +
      ` bare Deno.serve answering the same POST with a real estimate's bytes ${
        f(e.sameRequestCeiling.requestsPerSecond, 0)
      } req/s → ratio ${f(e.sameRequestRatio, 3)} (aim ≥ 0.40);` +
      (e.sameRequestCpuRatio === null
        ? ""
        : ` CPU per request: service ${f(e.http.cpuUsPerRequest!, 1)} µs, that bare server ${
          f(e.sameRequestCeiling.cpuUsPerRequest!, 1)
        } µs → ${f(e.sameRequestCpuRatio, 3)};`) +
      ` the same, also reading and setting the kit's headers (sent the same API key) ${
        f(e.sameRequestHeadersCeiling.requestsPerSecond, 0)
      } req/s → ${f(e.sameRequestHeadersRatio, 3)};` +
      ` against bare GET /healthz ${f(e.ceiling.requestsPerSecond, 0)} req/s → ${f(e.ratio, 3)}`,
      `  the endpoint's floor (a bare Deno.serve doing only its own work with the service's estimator: read` +
      ` its headers, validate the body, estimate, write the same answer) ${
        f(e.floor.requestsPerSecond, 0)
      } req/s, CPU ${f(e.floor.cpuUsPerRequest ?? NaN, 1)} µs per request → ${
        f(e.floorRatio, 3)
      } of the same-request ceiling (no implementation on Deno gets above it here); the service is at ${
        f(e.serviceToFloor, 3)
      } of the floor`,
      `  POST /v1/estimates/batch with 1,000 items: p50 ${f(e.batch1000.p50Ms, 1)} ms, p99 ${
        f(e.batch1000.p99Ms, 1)
      } ms over ${e.batch1000.samples} batches`,
      "",
    ],
  }),
  part({
    name: "notifications",
    what: "notification fan-out: one amendment to 10,000 webhook subscribers, one replica then two",
    needsServers: true,
    run: (env) => notificationsBench(env),
    report: notificationsReport,
  }),
  part({
    name: "sessions",
    what:
      "live Q&A: 1,000 SSE listeners on one session (two instances) while 5,000 votes and 500 questions arrive in 10 s",
    needsServers: true,
    // after warm-up rounds (warmSessions)
    run: async (env) => {
      const warmup = await warmSessions(env);
      return { ...(await sessionsBench(env)), warmup };
    },
    report: (r) => {
      const lines = sessionsReport(r);
      lines.splice(lines.length - 1, 0, ...r.warmup.map(sessionsWarmupReport));
      return lines;
    },
  }),
  part({
    name: "sessions-scale",
    what:
      "live Q&A, listeners per instance: 5,000 listeners over two instances, then 1,000 on one (5,000 votes, 500 questions in 10 s each)",
    needsServers: true,
    // the same warm-up rounds as the sessions part when it did not run before in this bench: on a Neo4j
    // started for the run, the first rounds' votes waited for its JIT compiler past their verdict's wait
    // (4,994 of 5,000 answered 202 in a run alone on 2026-12-01)
    run: async (env) => ({ warmup: await warmSessions(env), runs: await sessionsScaleBench(env) }),
    report: (
      { warmup, runs }: {
        warmup: Awaited<ReturnType<typeof warmSessions>>;
        runs: Awaited<ReturnType<typeof sessionsScaleBench>>;
      },
    ) => [
      ...warmup.map(sessionsWarmupReport),
      ...runs.flatMap(sessionsReport),
      "  listeners per instance → p99, listener-client cores, service cores:",
      ...runs.map((r) =>
        `    ${r.listeners / r.instances} per instance (${r.listeners} over ${r.instances}): p99 ${
          f(r.latency.p99Ms, 0)
        } ms; clients ${f(r.cpu.listenerClientsCores, 2)} cores; sessions ${f(r.cpu.servicesCores, 2)} cores`
      ),
      "",
    ],
  }),
  part({
    name: "console-pages",
    what: "console pages: server render time of each main page against the API calls it makes",
    needsServers: true,
    run: (env) => consolePagesBench(env),
    report: consolePagesReport,
  }),
  part({
    name: "audience",
    what:
      "audience page: 200 members asking and voting through the console, the host reading the live stream",
    needsServers: true,
    run: (env) => audienceBench(env),
    report: audienceReport,
  }),
  part({
    name: "quiz",
    what:
      "quiz: 1,000 audience members answering a 5-item quiz within 10 s over two instances, the host on the live results",
    needsServers: true,
    run: (env) => quizBench(env),
    report: quizReport,
  }),
  part({
    name: "cluster",
    what:
      "cluster: fan-out to 10,000 on 1 node + 1 replica vs 3 nodes (R3) + 2 replicas; EVENTS leader killed; Neo4j outage to every /readyz",
    needsServers: true,
    run: (env) => clusterBench(env),
    report: clusterReport,
  }),
];

async function main(): Promise<number> {
  if (Deno.args.includes("--list")) {
    for (const p of parts) console.log(`${p.name.padEnd(16)} ${p.what}`);
    return 0;
  }
  const unknown = Deno.args.filter((a) => !parts.some((p) => p.name === a));
  if (unknown.length) {
    console.error(`[bench] no benchmark named ${unknown.join(", ")}; ./dev bench --list names them`);
    return 2;
  }
  const chosen = Deno.args.length ? parts.filter((p) => Deno.args.includes(p.name)) : parts;
  const report: Record<string, unknown> = { at: new Date().toISOString() };
  const failed: string[] = [];
  let servers: Awaited<ReturnType<typeof startTestServers>> | undefined;
  try {
    for (const p of chosen) {
      if (p.needsServers && !servers) servers = await startTestServers();
      say(p.what);
      // a part that fails is reported as failed and the others still run; each part's figures are
      // printed as soon as it is done, so a later failure loses nothing
      try {
        report[p.name] = await p.run(servers?.env ?? {});
        console.log(["", ...p.report(report[p.name])].join("\n"));
      } catch (err) {
        failed.push(p.name);
        report[p.name] = { failed: String(err) };
        console.log(`\n${p.name}: FAILED — ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  } finally {
    await servers?.stop();
  }
  await Deno.mkdir(`${runDir}/bench`, { recursive: true });
  const file = `${runDir}/bench/bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  await Deno.writeTextFile(file, JSON.stringify(report, null, 2));
  say(`report written to ${file}`);
  if (failed.length) say(`failed: ${failed.join(", ")}`);
  return failed.length ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main());
