import type { ServiceSpec } from "@yibao/kit";
import type { z } from "zod";
import { defaultAssetsDir as consoleAssetsDir } from "../../../services/console/assets.ts";
import { root } from "./paths.ts";
import { type Child, child, pipeToFile } from "./processes.ts";
import { envNamesOf } from "./suite.ts";
import { waitUntil } from "./ports.ts";

/** A service process started by the suite. */
export interface ServiceProcess extends Child {
  url: string;
  port: number;
}

function hostPort(uri: string): string {
  const u = new URL(uri.replace(/^[a-z+]+:\/\//, "http://"));
  return `${u.hostname}:${u.port || "80"}`;
}

/**
 * Starts one service as its own Deno process, with permissions limited to what it needs: its
 * port, the Neo4j and NATS addresses (plus `extraNet`), the variables it reads, and the files it
 * serves or migrates from. No `-A`.
 */
export function spawnService(
  spec: ServiceSpec<z.ZodObject>,
  options: {
    port: number;
    env: Record<string, string>;
    logFile: string;
    extraNet?: string[];
    /** Any outbound address (the notifications service calls partner webhooks wherever they are). */
    anyNet?: boolean;
  },
): ServiceProcess {
  const env = options.env;
  const net = [
    `127.0.0.1:${options.port}`,
    hostPort(env.NEO4J_URI!),
    ...env.NATS_URL!.split(",").map(hostPort),
    ...(options.extraNet ?? []),
  ];
  const names = envNamesOf(spec);
  const serviceEnv: Record<string, string> = {};
  for (const n of names) if (env[n] !== undefined) serviceEnv[n] = env[n]!;
  const passthrough = ["HOME", "PATH", "DENO_DIR", "NO_COLOR"];
  for (const n of passthrough) {
    const v = Deno.env.get(n);
    if (v !== undefined) serviceEnv[n] = v;
  }
  serviceEnv.PORT = String(options.port);
  serviceEnv.DENO_NO_UPDATE_CHECK = "1";
  const args = [
    "run",
    "--no-prompt",
    // neo4j-driver sets prototypes through __proto__, which Deno disables by default; without it
    // the driver's errors are not Neo4jError instances and transient failures are never retried.
    "--unsafe-proto",
    options.anyNet ? "--allow-net" : `--allow-net=${[...new Set(net)].join(",")}`,
    `--allow-env=${names.join(",")}`,
    `--allow-read=${[`${root}/graph-schema/migrations`, ...readsOf(spec.name, env)].join(",")}`,
    // neo4j-driver reports the OS release in its Bolt user agent
    "--allow-sys=osRelease",
    // profiling a benchmark: YIBAO_CPU_PROF_DIR=<dir> writes each service's V8 CPU profile there on exit
    ...(Deno.env.get("YIBAO_CPU_PROF_DIR")
      ? ["--cpu-prof", `--cpu-prof-dir=${Deno.env.get("YIBAO_CPU_PROF_DIR")}`]
      : []),
    `${root}/services/${spec.name}/main.ts`,
  ];
  const process = new Deno.Command(Deno.execPath(), {
    args,
    env: serviceEnv,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    cwd: root,
  }).spawn();
  void pipeToFile(process.stdout, options.logFile);
  void pipeToFile(process.stderr, options.logFile);
  return { ...child(spec.name, process), url: `http://127.0.0.1:${options.port}`, port: options.port };
}

/**
 * Folders a service reads besides the migrations: the console its built browser assets; sessions the
 * modules of its vote-applier thread (Deno asks read permission for a worker's modules).
 */
function readsOf(name: string, env: Record<string, string>): string[] {
  if (name === "console") return [env.CONSOLE_ASSETS_DIR || consoleAssetsDir];
  if (name === "sessions") return [`${root}/services/sessions`, `${root}/packages`];
  return [];
}

/** Waits until `GET /readyz` answers 200, or throws (also when the process exited). */
export async function waitReady(s: ServiceProcess, timeoutMs: number, logFile: string): Promise<void> {
  let exited: Deno.CommandStatus | undefined;
  void s.process.status.then((st) => (exited = st));
  await waitUntil(`service ${s.name}`, async () => {
    if (exited) throw new Error(`service ${s.name} exited with code ${exited.code}; see ${logFile}`);
    try {
      const res = await fetch(`${s.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      return res.status === 200;
    } catch {
      return false;
    }
  }, timeoutMs);
}
