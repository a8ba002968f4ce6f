/** What every benchmark starts besides the servers: the bare ceiling, and the environment of a service under test. */
import { createGraph, type Graph } from "@yibao/graph";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { root } from "../../deploy/local/dev/paths.ts";

/** A bare server process of the benchmarks, on its own free port. */
export interface BareServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Runs the bench script `script` (under tests/bench) with `args` after its port, allowed `read`. */
function spawnBare(script: string, args: string[], read: string[]): BareServer {
  const port = freePort();
  const proc = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      `--allow-net=127.0.0.1:${port}`,
      ...read,
      `${root}/tests/bench/${script}`,
      String(port),
      ...args,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  return {
    url: `http://127.0.0.1:${port}`,
    pid: proc.pid,
    async stop() {
      proc.kill("SIGTERM");
      await proc.status;
    },
  };
}

/**
 * A bare `Deno.serve` on a free port: the ceiling of every ratio. GET answers like `/healthz`; with
 * `cannedFile`, POST parses the JSON body and answers with that file's bytes; with
 * `readAndSetHeaders`, it reads and sets the headers the kit does on every request; with both, a GET
 * of any path but `/healthz` answers the file's bytes as well (a cached read's same-bytes ceiling);
 * `extraHeaders` are added to every canned answer (and imply `readAndSetHeaders`).
 */
export function startBareServer(
  options: { cannedFile?: string; readAndSetHeaders?: boolean; extraHeaders?: Record<string, string> } = {},
): BareServer {
  return spawnBare("bare_server.ts", [
    options.cannedFile ?? "-",
    ...(options.readAndSetHeaders || options.extraHeaders ? ["--headers"] : []),
    ...(options.extraHeaders ? [JSON.stringify(options.extraHeaders)] : []),
  ], options.cannedFile ? [`--allow-read=${options.cannedFile}`] : []);
}

/**
 * The estimates endpoint's floor (`bare_estimator.ts`): a bare Deno.serve doing only the endpoint's
 * own work with the service's estimator, for the rule `ruleId` of `policyId` pooled in `appliesIn`.
 */
export function startBareEstimator(
  rule: { policyId: string; ruleId: string; appliesIn: string[] },
): BareServer {
  return spawnBare(
    "bare_estimator.ts",
    [rule.policyId, rule.ruleId, rule.appliesIn.join(",")],
    ["--allow-read"],
  );
}

/** CPU time (user + system) of a process so far, in ms, or null where /proc cannot tell. */
export function processCpuMs(pid: number): number | null {
  try {
    const fields = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks, USER_HZ = 100
  } catch {
    return null;
  }
}

/**
 * Runs `load` and adds the CPU time `pid` spent per request, in µs: unlike requests/s on a shared
 * machine, it does not move with what else runs (a server's work per request is what it is).
 */
export async function withCpuPerRequest<T extends { requests: number }>(
  pid: number,
  load: () => Promise<T>,
): Promise<T & { cpuUsPerRequest: number | null }> {
  const before = processCpuMs(pid);
  const r = await load();
  const after = processCpuMs(pid);
  return {
    ...r,
    cpuUsPerRequest: before === null || after === null || r.requests === 0
      ? null
      : (after - before) * 1000 / r.requests,
  };
}

/** The variables a service under benchmark reads, pointing at the run's servers. */
export function benchServiceEnv(
  env: Record<string, string>,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    NEO4J_URI: env.YIBAO_TEST_NEO4J_URI!,
    NEO4J_PASSWORD: env.YIBAO_TEST_NEO4J_PASSWORD!,
    NATS_URL: env.YIBAO_TEST_NATS_URL!,
    AUTH_TOKEN_SECRET: "bench-secret-bench-secret-bench-secret-00",
    LOG_LEVEL: "warn",
    ...extra,
  };
}

/** A driver for the test servers' graph (the variables `startTestServers` sets). */
export function benchGraph(env: Record<string, string>): Graph {
  return createGraph({
    uri: env.YIBAO_TEST_NEO4J_URI!,
    user: "neo4j",
    password: env.YIBAO_TEST_NEO4J_PASSWORD!,
    database: "neo4j",
  });
}
