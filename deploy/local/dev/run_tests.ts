/**
 * `./dev test`: throwaway Neo4j and NATS on free ports (never a developer's running suite, never a
 * server already on the machine), migrations, then `deno test` over the whole workspace. The
 * servers are stopped and their data removed even when tests fail or the run is interrupted.
 */
import { applyMigrations, createGraph, loadMigrations } from "@yibao/graph";
import { startNats } from "./nats.ts";
import { startNeo4j } from "./neo4j.ts";
import { migrationsDir, root } from "./paths.ts";
import { freePort } from "./ports.ts";
import { loadDemoData } from "./seed.ts";
import type { Child } from "./processes.ts";

const say = (msg: string) => console.error(`[test] ${msg}`);

/** Starts the throwaway servers and returns the environment tests read, plus a stop function. */
export async function startTestServers(): Promise<{ env: Record<string, string>; stop(): Promise<void> }> {
  const tmp = await Deno.makeTempDir({ prefix: "yibao-test-" });
  const children: Child[] = [];
  const password = Array.from(
    crypto.getRandomValues(new Uint8Array(12)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  const stop = async () => {
    await Promise.all(children.map((c) => c.stop(20_000)));
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  };
  try {
    const [neo4j, nats] = await Promise.all([
      startNeo4j({ dataDir: `${tmp}/neo4j`, port: freePort(), password, logFile: `${tmp}/neo4j.log` }).then(
        (s) => {
          children.push(s);
          return s;
        },
      ),
      startNats({ port: freePort(), storeDir: `${tmp}/nats` }).then((s) => {
        children.push(s);
        return s;
      }),
    ]);
    say(`Neo4j ${neo4j.uri} (ready in ${(neo4j.startMs / 1000).toFixed(1)} s), NATS ${nats.url}`);
    const graph = createGraph({ uri: neo4j.uri, user: "neo4j", password, database: "neo4j" });
    try {
      await applyMigrations(graph, await loadMigrations(migrationsDir), { owner: "test-run" });
      // the reference data and the demo policies, which search and lookup tests read
      const seeded = await loadDemoData(graph);
      say(`loaded ${seeded.regions} regions and ${seeded.policies} demo policies`);
    } finally {
      await graph.close();
    }
    return {
      env: {
        YIBAO_TEST_NEO4J_URI: neo4j.uri,
        YIBAO_TEST_NEO4J_PASSWORD: password,
        YIBAO_TEST_NATS_URL: nats.url,
        YIBAO_TEST_TMP: tmp,
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function main(): Promise<number> {
  const servers = await startTestServers();
  let testProcess: Deno.ChildProcess | undefined;
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    try {
      testProcess?.kill("SIGTERM");
    } catch { /* gone */ }
  };
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  try {
    const args = Deno.args.length ? Deno.args : [];
    testProcess = new Deno.Command(Deno.execPath(), {
      args: ["test", "--allow-all", "--unsafe-proto", ...args],
      cwd: root,
      // no colour codes in CI logs
      env: { ...servers.env, DENO_NO_UPDATE_CHECK: "1", ...(Deno.env.get("CI") ? { NO_COLOR: "1" } : {}) },
      stdin: "null",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
    const status = await testProcess.status;
    return interrupted ? 130 : status.code;
  } finally {
    say("stopping the test servers");
    await servers.stop();
  }
}

if (import.meta.main) Deno.exit(await main());
