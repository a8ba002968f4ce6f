/**
 * Foundation benchmarks: the start command's cold start (Neo4j's own start time apart), and the
 * kit's overhead on `/healthz` and on one cached read against a bare `Deno.serve` (and a bare server
 * reading and setting the same headers) in the same run, as ratios.
 */
import { generateApiKey, saveApiKey } from "@yibao/kit";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { readLines } from "../../deploy/local/dev/processes.ts";
import { root } from "../../deploy/local/dev/paths.ts";
import { spawnService, waitReady } from "../../deploy/local/dev/services.ts";
import { portVariable, suite } from "../../deploy/local/dev/suite.ts";
import { ensureWrk, type LoadResult, wrk } from "./load.ts";
import {
  type BareServer,
  benchGraph,
  benchServiceEnv,
  startBareServer,
  withCpuPerRequest,
} from "./servers.ts";

/** One cold start of `./dev start`'s program. */
export interface ColdStart {
  label: string;
  totalS: number;
  neo4jS: number;
  servicesS: number;
  stopS: number;
  exitCode: number;
}

/** Runs the start command against a data folder, to the ready line, then stops it with SIGTERM. */
export async function coldStart(label: string, dataDir: string, runDir: string): Promise<ColdStart> {
  const env: Record<string, string> = {
    YIBAO_DATA_DIR: dataDir,
    YIBAO_RUN_DIR: runDir,
    NEO4J_BOLT_PORT: String(freePort()),
    NATS_PORT: String(freePort()),
    LOG_LEVEL: "warn",
  };
  for (const s of suite) env[portVariable(s.name)] = String(freePort());
  const started = performance.now();
  const proc = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unsafe-proto", `${root}/deploy/local/dev/start.ts`],
    env,
    stdout: "piped",
    stderr: "null",
    stdin: "null",
  }).spawn();
  const ready = await new Promise<{ totalMs: number; neo4jMs: number; servicesMs: number }>(
    (resolve, reject) => {
      let done = false;
      void readLines(proc.stdout, (line) => {
        if (!done && line.startsWith("SUITE_READY ")) {
          done = true;
          resolve(JSON.parse(line.slice("SUITE_READY ".length)));
        }
      }).then(() => done || reject(new Error("the start command ended before it was ready")));
    },
  );
  const wall = performance.now() - started;
  const stopping = performance.now();
  proc.kill("SIGTERM");
  const status = await proc.status;
  return {
    label,
    totalS: wall / 1000,
    neo4jS: ready.neo4jMs / 1000,
    servicesS: ready.servicesMs / 1000,
    stopS: (performance.now() - stopping) / 1000,
    exitCode: status.code,
  };
}

/**
 * One measured server in the kit benchmark: every round's result, the median req/s and the median CPU
 * the server's process spent a request (µs, user + system; null where /proc cannot tell).
 */
export interface KitSeries {
  runs: (LoadResult & { cpuUsPerRequest: number | null })[];
  medianRps: number;
  medianCpuUs: number | null;
}

/**
 * Kit overhead, in one run: rounds of wrk against, in turn, a bare `Deno.serve`, a bare server that
 * reads the same headers as the kit's `/healthz` (and, like it, sets a request id only when one is
 * given), the kit's `/healthz`, and one cached read through the kit (a policy by id with an API key:
 * authentication, validation, the cache, its ETag), and that read's own ceiling: a bare server
 * answering the same request with the same bytes and headers. Ratios of the medians, and each server
 * process's CPU a request.
 */
export async function kitOverhead(env: Record<string, string>, rounds = 3, seconds = 5): Promise<{
  bare: KitSeries;
  bareHeaders: KitSeries;
  kit: KitSeries;
  cachedRead: KitSeries;
  /** A bare server answering the cached read's request with its exact bytes and the kit's headers. */
  sameBytes: KitSeries;
  ratio: number;
  cachedRatioToSameBytes: number;
  ratioToBareHeaders: number;
  cachedRatio: number;
}> {
  await ensureWrk();
  const graph = benchGraph(env);
  const key = await generateApiKey();
  let policyId: string;
  try {
    await saveApiKey(graph, { id: key.id, hash: key.hash, name: "bench-kit", scopes: ["policy:read"] });
    policyId = await graph.read(async (tx) =>
      (await tx.run("MATCH (p:Policy)-[:HAS_VERSION]->() RETURN p.id AS id ORDER BY id LIMIT 1")).records[0]!
        .get("id") as string
    );
  } finally {
    await graph.close();
  }
  const tmp = await Deno.makeTempDir({ prefix: "yibao-bench-kit-" });
  const bare = startBareServer();
  const bareHeaders = startBareServer({ readAndSetHeaders: true });
  let sameBytes: BareServer | undefined;
  const policy = suite.find((s) => s.name === "policy")!;
  const kit = spawnService(policy, {
    port: freePort(),
    env: benchServiceEnv(env),
    logFile: `${tmp}/policy.log`,
  });
  try {
    await waitReady(kit, 60_000, `${tmp}/policy.log`);
    const headers = { "X-API-Key": key.key };
    // The cached read's own ceiling: a bare server reading and setting the same headers and
    // answering the same request with the read's exact bytes.
    const real = await fetch(`${kit.url}/v1/policies/${policyId}`, { headers });
    if (real.status !== 200) throw new Error(`the cached read answered ${real.status}: ${await real.text()}`);
    await Deno.writeFile(`${tmp}/policy.json`, new Uint8Array(await real.arrayBuffer()));
    sameBytes = startBareServer({ cannedFile: `${tmp}/policy.json`, readAndSetHeaders: true });
    await new Promise((r) => setTimeout(r, 1_000));
    // each target with the process whose CPU it costs
    const targets: [keyof typeof results, string, Record<string, string>, number][] = [
      ["bare", `${bare.url}/healthz`, {}, bare.pid],
      ["bareHeaders", `${bareHeaders.url}/healthz`, headers, bareHeaders.pid],
      ["kit", `${kit.url}/healthz`, {}, kit.process.pid],
      ["sameBytes", `${sameBytes.url}/v1/policies/${policyId}`, headers, sameBytes.pid],
      ["cachedRead", `${kit.url}/v1/policies/${policyId}`, headers, kit.process.pid],
    ];
    const results = {
      bare: [] as KitSeries["runs"],
      bareHeaders: [] as KitSeries["runs"],
      kit: [] as KitSeries["runs"],
      sameBytes: [] as KitSeries["runs"],
      cachedRead: [] as KitSeries["runs"],
    };
    for (const [, url, h] of targets) await wrk(url, { seconds: 2, headers: h });
    for (let i = 0; i < rounds; i++) {
      for (const [name, url, h, pid] of targets) {
        const r = await withCpuPerRequest(pid, () => wrk(url, { seconds, headers: h }));
        if (r.errors) throw new Error(`${name}: ${r.errors} errors`);
        results[name].push(r);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const series = (runs: KitSeries["runs"]): KitSeries => {
      const cpu = runs.map((r) => r.cpuUsPerRequest);
      return {
        runs,
        medianRps: median(runs.map((r) => r.requestsPerSecond)),
        medianCpuUs: cpu.every((c) => c !== null) ? median(cpu as number[]) : null,
      };
    };
    const out = {
      bare: series(results.bare),
      bareHeaders: series(results.bareHeaders),
      kit: series(results.kit),
      sameBytes: series(results.sameBytes),
      cachedRead: series(results.cachedRead),
    };
    return {
      ...out,
      cachedRatioToSameBytes: out.cachedRead.medianRps / out.sameBytes.medianRps,
      ratio: out.kit.medianRps / out.bare.medianRps,
      ratioToBareHeaders: out.kit.medianRps / out.bareHeaders.medianRps,
      cachedRatio: out.cachedRead.medianRps / out.bare.medianRps,
    };
  } finally {
    await bare.stop();
    await bareHeaders.stop();
    await sameBytes?.stop();
    await kit.stop();
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}
