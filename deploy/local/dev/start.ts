/**
 * `./dev start`: Neo4j and NATS (unless NEO4J_URI / NATS_URL point elsewhere), migrations, demo
 * data, development credentials, every service; prints where each listens and writes `.run/dev.json`.
 * Ctrl-C or SIGTERM stops everything it started. `--nats-nodes=3` (or `YIBAO_NATS_NODES=3`) starts
 * a three-node JetStream cluster on NATS_PORT, +1 and +2 instead of one node, and the services
 * declare their streams with three replicas.
 */
import { applyMigrations, createGraph, loadMigrations } from "@yibao/graph";
import { saveApiKey, scopes } from "@yibao/kit";
import { type DevCredentials, ensureDevPeople, ensureSecrets } from "./credentials.ts";
import { startNats, startNatsCluster } from "./nats.ts";
import { startNeo4j } from "./neo4j.ts";
import { dataDir, migrationsDir, runDir } from "./paths.ts";
import { isListening } from "./ports.ts";
import type { Child } from "./processes.ts";
import { loadDemoData } from "./seed.ts";
import { type ServiceProcess, spawnService, waitReady } from "./services.ts";
import { startSink } from "../../../services/notifications/sink/sink.ts";
import { portVariable, suite } from "./suite.ts";

const say = (msg: string) => console.error(`[dev] ${msg}`);
const env = (name: string) => Deno.env.get(name) || undefined;

function portOf(name: string, fallback: number): number {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new Error(`${name} must be a port number, not "${raw}"`);
  }
  return n;
}

async function readDevJson(): Promise<{ credentials?: Partial<DevCredentials> } | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(`${runDir}/dev.json`));
  } catch {
    return undefined;
  }
}

/** How many NATS nodes to start: `--nats-nodes=N` / `--nats-nodes N`, else YIBAO_NATS_NODES, else 1. */
function natsNodes(args: string[]): number {
  let raw = env("YIBAO_NATS_NODES");
  for (const [i, a] of args.entries()) {
    if (a.startsWith("--nats-nodes=")) raw = a.slice("--nats-nodes=".length);
    else if (a === "--nats-nodes") raw = args[i + 1];
  }
  if (raw === undefined) return 1;
  if (raw !== "1" && raw !== "3") throw new Error(`the NATS node count must be 1 or 3, not "${raw}"`);
  return Number(raw);
}

async function main(): Promise<void> {
  const started = performance.now();
  await Deno.mkdir(runDir, { recursive: true });
  await Deno.mkdir(`${runDir}/logs`, { recursive: true });
  const previous = (await readDevJson())?.credentials;
  const secrets = await ensureSecrets(previous);
  const children: Child[] = [];
  let stopping = false;

  async function stopAll(code: number): Promise<never> {
    if (stopping) Deno.exit(code);
    stopping = true;
    say("stopping…");
    const services = children.filter((c) => c.name !== "neo4j" && c.name !== "nats");
    await Promise.all(services.map((c) => c.stop()));
    for (const c of children.filter((c) => c.name === "nats" || c.name === "neo4j")) await c.stop(30_000);
    say("stopped");
    Deno.exit(code);
  }
  Deno.addSignalListener("SIGINT", () => void stopAll(0));
  Deno.addSignalListener("SIGTERM", () => void stopAll(0));

  try {
    // 1. Neo4j and NATS
    let neo4jUri = env("NEO4J_URI");
    let neo4jPassword = env("NEO4J_PASSWORD") ?? "";
    let neo4jStartMs: number | undefined;
    const neo4jUser = env("NEO4J_USER") ?? "neo4j";
    const neo4jDatabase = env("NEO4J_DATABASE") ?? "neo4j";
    const boltPort = portOf("NEO4J_BOLT_PORT", 7687);
    const natsPort = portOf("NATS_PORT", 4222);
    const natsUrlGiven = env("NATS_URL");
    const pending: Promise<void>[] = [];
    if (!neo4jUri) {
      if (await isListening(boltPort)) {
        throw new Error(
          `port ${boltPort} is taken (another Neo4j?); set NEO4J_BOLT_PORT, or NEO4J_URI to use it`,
        );
      }
      say(`starting Neo4j on 127.0.0.1:${boltPort} (data in .data/neo4j)`);
      pending.push(
        startNeo4j({
          dataDir: `${dataDir}/neo4j`,
          port: boltPort,
          password: secrets.neo4jPassword,
          logFile: `${runDir}/logs/neo4j.log`,
        }).then((s) => {
          children.push(s);
          neo4jUri = s.uri;
          neo4jPassword = s.password;
          neo4jStartMs = s.startMs;
        }),
      );
    }
    let natsUrl = natsUrlGiven;
    const nodes = natsNodes(Deno.args);
    let streamReplicas: string | undefined;
    if (!natsUrl && nodes === 3) {
      const clientPorts = [natsPort, natsPort + 1, natsPort + 2];
      for (const p of clientPorts) {
        if (await isListening(p)) throw new Error(`port ${p} is taken (another NATS?); set NATS_PORT`);
      }
      say(
        `starting a 3-node NATS cluster on 127.0.0.1:${clientPorts.join(",")} (data in .data/nats-cluster)`,
      );
      pending.push(
        startNatsCluster({ dir: `${dataDir}/nats-cluster`, ports: clientPorts, logDir: `${runDir}/logs` })
          .then(
            (c) => {
              children.push(...c.nodes);
              natsUrl = c.url;
              streamReplicas = "3";
            },
          ),
      );
    } else if (!natsUrl) {
      if (await isListening(natsPort)) {
        throw new Error(`port ${natsPort} is taken (another NATS?); set NATS_PORT, or NATS_URL to use it`);
      }
      say(`starting NATS on 127.0.0.1:${natsPort} (data in .data/nats)`);
      pending.push(
        startNats({ port: natsPort, storeDir: `${dataDir}/nats`, logFile: `${runDir}/logs/nats.log` }).then(
          (s) => {
            children.push(s);
            natsUrl = s.url;
          },
        ),
      );
    }
    await Promise.all(pending);

    // 2. migrations, demo data, the admin API key, the console accounts and the tokens of the same people
    let creds: DevCredentials;
    const graph = createGraph({
      uri: neo4jUri!,
      user: neo4jUser,
      password: neo4jPassword,
      database: neo4jDatabase,
    });
    try {
      const m = await applyMigrations(graph, await loadMigrations(migrationsDir), { owner: "dev-start" });
      say(`migrations: ${m.applied.length} applied, ${m.alreadyApplied.length} already applied`);
      const seeded = await loadDemoData(graph);
      say(`demo data: ${seeded.regions} regions, ${seeded.policies} policies`);
      await saveApiKey(graph, {
        id: secrets.adminApiKey.id,
        hash: secrets.adminApiKey.hash,
        name: "development admin key",
        scopes: [...scopes],
      });
      creds = await ensureDevPeople(graph, secrets, previous?.tokens);
      say(`console accounts: ${Object.values(creds.consoleAccounts).map((a) => a.login).join(", ")}`);
    } finally {
      await graph.close();
    }

    // 3. the services
    const ports = Object.fromEntries(suite.map((s) => [s.name, portOf(portVariable(s.name), s.defaultPort)]));
    for (const [name, port] of Object.entries(ports)) {
      if (await isListening(port)) {
        throw new Error(`port ${port} for ${name} is taken; set ${portVariable(name)}`);
      }
    }
    const urls = Object.fromEntries(Object.entries(ports).map(([n, p]) => [n, `http://127.0.0.1:${p}`]));
    const common: Record<string, string> = {
      NEO4J_URI: neo4jUri!,
      NEO4J_USER: neo4jUser,
      NEO4J_PASSWORD: neo4jPassword,
      NEO4J_DATABASE: neo4jDatabase,
      NATS_URL: natsUrl!,
      AUTH_TOKEN_SECRET: creds.tokenSecret,
      LOG_LEVEL: env("LOG_LEVEL") ?? "info",
      CONSOLE_SERVICES: suite.filter((s) => s.name !== "console").map((s) => `${s.name}=${urls[s.name]}`)
        .join(","),
    };
    // the local sink stands in for every push provider and for partner webhooks in development
    const sink = await startSink({ port: portOf("NOTIFY_SINK_PORT", 8199) });
    common.NOTIFY_SINK_URL = sink.url;
    common.WEBHOOK_ALLOW_HTTP = "true";
    common.WEBHOOK_ALLOW_HOSTS = "127.0.0.1,localhost";
    // the console calls the sessions service for the audience page from this machine, passing the browser's address
    common.SESSIONS_TRUSTED_PROXIES = "127.0.0.1,::1";
    say(`notification sink: ${sink.url} (GET /_messages)`);
    for (
      const n of [
        "NATS_USER",
        "NATS_PASSWORD",
        "NATS_TOKEN",
        "NATS_STREAM_REPLICAS",
        "BODY_LIMIT_BYTES",
        "CONSOLE_ASSETS_DIR",
        "FARO_COLLECTOR_URL",
        "COLLECT_RATE_PER_MINUTE",
        "SESSIONS_TRUSTED_PROXIES",
        "CONSOLE_AUDIENCE_FRAME_ANCESTORS",
      ]
    ) {
      if (env(n)) common[n] = env(n)!;
    }
    if (streamReplicas && !common.NATS_STREAM_REPLICAS) common.NATS_STREAM_REPLICAS = streamReplicas;
    const servicesStarted = performance.now();
    const procs: ServiceProcess[] = [];
    for (const spec of suite) {
      const logFile = `${runDir}/logs/${spec.name}.log`;
      const extraNet = spec.name === "console" ? Object.values(ports).map((p) => `127.0.0.1:${p}`) : [];
      const anyNet = spec.name === "notifications";
      // the console may forward Faro payloads to a collector
      if (spec.name === "console" && env("FARO_COLLECTOR_URL")) {
        const u = new URL(env("FARO_COLLECTOR_URL")!);
        extraNet.push(`${u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "80")}`);
      }
      const p = spawnService(spec, { port: ports[spec.name]!, env: common, logFile, extraNet, anyNet });
      children.push(p);
      procs.push(p);
    }
    await Promise.all(procs.map((p) => waitReady(p, 120_000, `${runDir}/logs/${p.name}.log`)));
    const servicesMs = performance.now() - servicesStarted;

    // 4. tell people and scripts where everything is
    const devJson = {
      generatedAt: new Date().toISOString(),
      services: urls,
      bolt: neo4jUri,
      nats: natsUrl,
      neo4j: { user: neo4jUser, password: neo4jPassword, database: neo4jDatabase },
      credentials: creds,
      logs: `${runDir}/logs`,
    };
    await Deno.writeTextFile(`${runDir}/dev.json`, JSON.stringify(devJson, null, 2) + "\n", { mode: 0o600 });
    const width = Math.max(...suite.map((s) => s.name.length), 5);
    const lines = [
      "",
      "医保政策通 Yibao Policy Hub is running:",
      "",
      `  ${"service".padEnd(width)}  url`,
      ...suite.map((s) => `  ${s.name.padEnd(width)}  ${urls[s.name]}   (docs ${urls[s.name]}/docs)`),
      `  ${"neo4j".padEnd(width)}  ${neo4jUri}`,
      `  ${"nats".padEnd(width)}  ${natsUrl}`,
      "",
      `Console: ${urls.console}/login — accounts ${
        Object.values(creds.consoleAccounts).map((a) => a.login).join(", ")
      } (passwords in dev.json, credentials.consoleAccounts)`,
      `Credentials and addresses: ${runDir}/dev.json   Logs: ${runDir}/logs/`,
      `Ready in ${((performance.now() - started) / 1000).toFixed(1)} s` +
      (neo4jStartMs !== undefined ? ` (Neo4j ${(neo4jStartMs / 1000).toFixed(1)} s,` : " (") +
      ` services ${(servicesMs / 1000).toFixed(1)} s). Ctrl-C stops everything.`,
      "",
    ];
    console.log(lines.join("\n"));
    console.log(
      `SUITE_READY ${
        JSON.stringify({
          totalMs: Math.round(performance.now() - started),
          neo4jMs: neo4jStartMs && Math.round(neo4jStartMs),
          servicesMs: Math.round(servicesMs),
        })
      }`,
    );

    // 5. report services that die; keep the rest running
    for (const p of procs) {
      void p.process.status.then((st) => {
        if (!stopping) say(`service ${p.name} exited (code ${st.code}); see ${runDir}/logs/${p.name}.log`);
      });
    }
    await new Promise(() => {});
  } catch (err) {
    say(`error: ${err instanceof Error ? err.message : String(err)}`);
    await stopAll(1);
  }
}

if (import.meta.main) await main();
