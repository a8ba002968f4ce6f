/**
 * Foundation benchmarks: the start command's cold start (Neo4j's own start time apart), and the
 * kit's overhead on `/healthz` against a bare `Deno.serve` in the same run, as a ratio.
 */
import { freePort } from "../../deploy/local/dev/ports.ts";
import { readLines } from "../../deploy/local/dev/processes.ts";
import { root } from "../../deploy/local/dev/paths.ts";
import { spawnService, waitReady } from "../../deploy/local/dev/services.ts";
import { portVariable, suite } from "../../deploy/local/dev/suite.ts";
import { ensureWrk, type LoadResult, wrk } from "./load.ts";
import { benchServiceEnv, startBareServer } from "./servers.ts";

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

/** Kit overhead: alternating runs of wrk against the bare ceiling and the kit's `/healthz`. */
export async function kitOverhead(env: Record<string, string>, rounds = 3, seconds = 5): Promise<{
  bare: LoadResult[];
  kit: LoadResult[];
  ratio: number;
}> {
  await ensureWrk();
  const tmp = await Deno.makeTempDir({ prefix: "yibao-bench-kit-" });
  const bare = startBareServer();
  const policy = suite.find((s) => s.name === "policy")!;
  const kit = spawnService(policy, {
    port: freePort(),
    env: benchServiceEnv(env),
    logFile: `${tmp}/policy.log`,
  });
  try {
    await waitReady(kit, 60_000, `${tmp}/policy.log`);
    const bareUrl = `${bare.url}/healthz`;
    const kitUrl = `${kit.url}/healthz`;
    await wrk(bareUrl, { seconds: 2 });
    await wrk(kitUrl, { seconds: 2 });
    const results = { bare: [] as LoadResult[], kit: [] as LoadResult[] };
    for (let i = 0; i < rounds; i++) {
      results.bare.push(await wrk(bareUrl, { seconds }));
      results.kit.push(await wrk(kitUrl, { seconds }));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(results.kit.map((r) => r.requestsPerSecond)) /
      median(results.bare.map((r) => r.requestsPerSecond));
    return { ...results, ratio };
  } finally {
    await bare.stop();
    await kit.stop();
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}
