/**
 * Where a hot request spends its CPU: starts throwaway Neo4j and NATS, the service with V8's
 * `--cpu-prof`, loads it with wrk (8 connections, 3 s of warm-up then `seconds`), stops it and prints
 * the profile's self time per function and per file, in µs per request, over the samples taken while
 * the load ran. The targets are the benchmarks' HTTP figures:
 *
 * - `estimates`: `POST /v1/estimates` with the estimator bench's request (eligibility);
 * - `policy`: `GET /v1/policies/{id}` of one demo policy, from the cache after the warm-up (policy);
 * - `healthz`: the kit's `/healthz` (policy), without credentials, as probes and the kit bench ask it;
 * - `county`: `GET /v1/policies?region=110105`, the demo data's policies in force in a Beijing district,
 *   uncached (`POLICY_CACHE_MAX_ENTRIES=0`: each request reads the graph);
 * - `search`: `GET /v1/search?q=异地就医备案怎么办&region=110105`, uncached, ranked by the in-process index.
 *
 * Not part of `./dev bench` (a profile slows what it measures); run it by hand, one at a time with the
 * benchmarks:
 *
 *     flock /tmp/bench.lock .tools/bin/deno run -A --unsafe-proto tests/bench/http_profile.ts [target] [seconds] [top]
 *
 * `(program)` is time V8 gives to no JavaScript function; `(garbage collector)` is V8's GC on the main
 * thread; `(idle)` is the thread outside JavaScript: waiting, and Deno's HTTP work in Rust. Builtins
 * count as their caller's self time (`JSON.stringify` as Hono's `json`, the response's UTF-8
 * encoding as `setServeNativeFromHeaders`).
 *
 * Variables: `KEEP_PROFILE=<file>` keeps the `.cpuprofile` (Chrome DevTools opens it);
 * `PERF_OUT=<file>` also records the process with Linux `perf` (native and kernel time, JavaScript
 * named through `--perf-basic-prof`); `STRACE_OUT=<file>` counts its system calls under a further
 * 5 s of load.
 */
import { generateApiKey, saveApiKey } from "@yibao/kit";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { root } from "../../deploy/local/dev/paths.ts";
import { startTestServers } from "../../deploy/local/dev/run_tests.ts";
import { ensureWrk, wrk } from "./load.ts";
import { benchGraph, benchServiceEnv, withCpuPerRequest } from "./servers.ts";
import { estimatorRequest } from "./estimator_bench.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (µs) over the samples between the first and last that ran the app. */
export function selfTimes(profile: CpuProfile): { byFunction: Map<string, number>; windowUs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // a sample "runs the app" when its stack includes the kit's fetch or Deno's HTTP handler
  const inApp = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      if (f.url.includes("packages/kit/app.ts") || f.url.includes("ext:deno_http")) return true;
    }
    return false;
  };
  const times: number[] = [];
  let t = 0;
  for (const d of profile.timeDeltas) times.push(t += d);
  let first = -1;
  let last = -1;
  for (let i = 0; i < profile.samples.length; i++) {
    if (inApp(profile.samples[i]!)) {
      if (first < 0) first = i;
      last = i;
    }
  }
  const byFunction = new Map<string, number>();
  for (let i = Math.max(first, 1); i <= last; i++) {
    const f = byId.get(profile.samples[i]!)!.callFrame;
    const file = f.url.replace(/^.*\/wt-[^/]+\//, "").replace(/^.*\/node_modules\/\.deno\//, "npm:");
    const key = `${f.functionName || "(anonymous)"} ${file ? `${file}:${f.lineNumber + 1}` : ""}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + (times[i]! - times[i - 1]!));
  }
  return { byFunction, windowUs: first < 0 ? 0 : times[last]! - times[first]! };
}

/** What each target loads: the service, the key's scope, and the request (a path to GET, or a JSON body to POST). */
const targets = {
  estimates: { service: "eligibility", scope: "eligibility:read", path: "/v1/estimates", post: true },
  policy: { service: "policy", scope: "policy:read", path: "/v1/policies/{id}", post: false },
  healthz: { service: "policy", scope: "policy:read", path: "/healthz", post: false, anonymous: true },
  county: {
    service: "policy",
    scope: "policy:read",
    path: "/v1/policies?region=110105",
    post: false,
    env: { POLICY_CACHE_MAX_ENTRIES: "0" },
  },
  search: {
    service: "policy",
    scope: "policy:read",
    path: `/v1/search?q=${encodeURIComponent("异地就医备案怎么办")}&region=110105`,
    post: false,
    env: { POLICY_CACHE_MAX_ENTRIES: "0" },
  },
} as const;

if (import.meta.main) {
  const name = (Deno.args[0] ?? "estimates") as keyof typeof targets;
  const target = targets[name];
  if (!target) throw new Error(`target: one of ${Object.keys(targets).join(", ")}`);
  const seconds = Number(Deno.args[1] ?? "10");
  const top = Number(Deno.args[2] ?? "40");
  await ensureWrk();
  const servers = await startTestServers();
  const profDir = await Deno.makeTempDir({ prefix: `yibao-${name}-prof-` });
  try {
    const env = servers.env;
    const graph = benchGraph(env);
    const key = await generateApiKey();
    await saveApiKey(graph, { id: key.id, hash: key.hash, name: "profile", scopes: [target.scope] });
    // a demo policy (the test servers load them) for the policy target
    const policyId = (await graph.read((tx) =>
      tx.run("MATCH (p:Policy) RETURN p.id AS id ORDER BY id LIMIT 1")
    ))
      .records[0]?.get("id") as string | undefined;
    await graph.close();
    const path = target.path.replace("{id}", policyId ?? "none");
    // started here rather than by the suite's launcher, to pass V8 flags (perf maps) when asked
    const perfOut = Deno.env.get("PERF_OUT");
    const port = freePort();
    const proc = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--unsafe-proto",
        "--cpu-prof",
        `--cpu-prof-dir=${profDir}`,
        ...(perfOut ? ["--v8-flags=--perf-basic-prof"] : []),
        `${root}/services/${target.service}/main.ts`,
      ],
      env: { ...benchServiceEnv(env), ...("env" in target ? target.env : {}), PORT: String(port) },
      stdout: "null",
      stderr: "null",
    }).spawn();
    const svc = {
      name: target.service,
      url: `http://127.0.0.1:${port}`,
      process: proc,
      async stop() {
        proc.kill("SIGTERM");
        await proc.status;
      },
    };
    const headers: Record<string, string> = "anonymous" in target ? {} : { "X-API-Key": key.key };
    const load = (seconds: number) =>
      wrk(`${svc.url}${path}`, {
        seconds,
        connections: 8,
        headers,
        ...(target.post ? { postJson: JSON.stringify(estimatorRequest) } : {}),
      });
    let requests = 0;
    try {
      for (let i = 0;; i++) {
        const ok = await fetch(`${svc.url}/readyz`).then(
          (r) => r.body?.cancel().then(() => r.ok),
          () => false,
        );
        if (ok) break;
        if (i > 240) throw new Error("the service did not become ready");
        await new Promise((r) => setTimeout(r, 250));
      }
      await load(3);
      const perf = perfOut
        ? new Deno.Command("perf", {
          args: [
            "record",
            "-F",
            "1999",
            "-g",
            "-o",
            perfOut,
            "-p",
            String(svc.process.pid),
            "--",
            "sleep",
            String(seconds - 1),
          ],
          stdout: "null",
          stderr: "null",
        }).spawn()
        : undefined;
      const r = await withCpuPerRequest(
        svc.process.pid,
        () => load(seconds),
      );
      await perf?.status;
      const straceOut = Deno.env.get("STRACE_OUT");
      if (straceOut) {
        const loaded = load(5);
        await new Promise((r) => setTimeout(r, 1000));
        await new Deno.Command("timeout", {
          args: ["3", "strace", "-c", "-f", "-p", String(svc.process.pid), "-o", straceOut],
          stdout: "null",
          stderr: "null",
        }).output();
        const l = await loaded;
        console.log(`under strace: ${l.requestsPerSecond.toFixed(0)} req/s`);
      }
      requests = r.requests;
      console.log(
        `load: ${r.requestsPerSecond.toFixed(0)} req/s, CPU ${
          r.cpuUsPerRequest?.toFixed(1)
        } µs per request ` +
          `(profiled: slower than the bench), errors ${r.errors}`,
      );
    } finally {
      await svc.stop();
    }
    const file = [...Deno.readDirSync(profDir)].find((e) => e.name.endsWith(".cpuprofile"));
    if (!file) throw new Error(`no profile written in ${profDir}`);
    const profile = JSON.parse(await Deno.readTextFile(`${profDir}/${file.name}`)) as CpuProfile;
    const { byFunction } = selfTimes(profile);
    // the warm-up's requests are in the window as well
    const all = [...byFunction.entries()].sort((a, b) => b[1] - a[1]);
    const total = all.reduce((s, [, v]) => s + v, 0);
    const idle = byFunction.get("(idle)") ?? 0;
    const counted = requests * (seconds + 3) / seconds;
    console.log(
      `profile window ${(total / 1e6).toFixed(1)} s, busy ${((total - idle) / 1e6).toFixed(1)} s; ` +
        `self time per request (≈ ${counted.toFixed(0)} requests incl. warm-up):`,
    );
    for (const [k, v] of all.slice(0, top)) {
      console.log(
        `${(v / counted).toFixed(2).padStart(8)} µs  ${
          (100 * v / (total - idle)).toFixed(1).padStart(5)
        }%  ${k}`,
      );
    }
    const byFile = new Map<string, number>();
    for (const [k, v] of all) {
      const f = k.includes(" ") ? k.slice(k.indexOf(" ") + 1).replace(/:\d+$/, "") : k;
      const pkg = f.startsWith("npm:") ? f.split("/").slice(0, 1).join("/") : f;
      byFile.set(pkg, (byFile.get(pkg) ?? 0) + v);
    }
    console.log("by file:");
    for (const [k, v] of [...byFile.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
      console.log(`${(v / counted).toFixed(2).padStart(8)} µs  ${k}`);
    }
    if (Deno.env.get("KEEP_PROFILE")) {
      await Deno.copyFile(`${profDir}/${file.name}`, Deno.env.get("KEEP_PROFILE")!);
    }
  } finally {
    await Deno.remove(profDir, { recursive: true }).catch(() => {});
    await servers.stop();
  }
}
