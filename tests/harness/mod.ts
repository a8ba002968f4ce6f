/**
 * @module
 * The shared test harness: the real Neo4j and NATS that `./dev test` started for this run,
 * unique names so tests never step on each other's data, and helpers to start extra servers.
 */
import { createGraph, type Graph } from "@yibao/graph";
import { connectEventBus, ensureStreams, type EventBus } from "@yibao/events";
import {
  type NatsCluster,
  type NatsServer,
  startNats,
  startNatsCluster,
} from "../../deploy/local/dev/nats.ts";
import { freePort } from "../../deploy/local/dev/ports.ts";

function required(name: string): string {
  const v = Deno.env.get(name);
  if (!v) throw new Error(`${name} is not set: run the tests with ./dev test, which starts Neo4j and NATS`);
  return v;
}

/**
 * URI and password of this run's Neo4j. The URI has the `neo4j://` routing scheme (a single server
 * accepts it): services and tests take the driver's routing path, as against a production cluster.
 */
export function neo4jEnv(): {
  NEO4J_URI: string;
  NEO4J_PASSWORD: string;
  NEO4J_USER: string;
  NEO4J_DATABASE: string;
} {
  return {
    NEO4J_URI: required("YIBAO_TEST_NEO4J_URI").replace(/^bolt:/, "neo4j:"),
    NEO4J_PASSWORD: required("YIBAO_TEST_NEO4J_PASSWORD"),
    NEO4J_USER: "neo4j",
    NEO4J_DATABASE: "neo4j",
  };
}

/** URL of this run's NATS. */
export function natsUrl(): string {
  return required("YIBAO_TEST_NATS_URL");
}

/** A driver for this run's Neo4j; close it at the end of the test. */
export function testGraph(): Graph {
  const e = neo4jEnv();
  return createGraph({
    uri: e.NEO4J_URI,
    user: e.NEO4J_USER,
    password: e.NEO4J_PASSWORD,
    database: e.NEO4J_DATABASE,
  });
}

/** A connection to this run's NATS (or `url`), with the suite's streams declared. */
export async function testBus(url = natsUrl()): Promise<EventBus> {
  const bus = await connectEventBus({ NATS_URL: url, NATS_STREAM_REPLICAS: 1 }, { name: "test" });
  await ensureStreams(bus);
  return bus;
}

/** A name no other test uses: letters, digits and dashes. */
export function unique(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

/** A token secret for services started by tests. */
export const testTokenSecret = "test-secret-test-secret-test-secret-0123";

/** The environment a service started by a test reads, over `overrides`. */
export function serviceEnv(overrides: Record<string, string> = {}): (name: string) => string | undefined {
  const env: Record<string, string> = {
    ...neo4jEnv(),
    NATS_URL: natsUrl(),
    AUTH_TOKEN_SECRET: testTokenSecret,
    PORT: "0",
    LOG_LEVEL: "warn",
    SHUTDOWN_GRACE_MS: "2000",
    ...overrides,
  };
  return (name) => env[name];
}

/** A NATS of the test's own (to stop and restart it), on a free port with its own store. */
export async function startOwnNats(port = freePort(), storeDir?: string): Promise<NatsServer> {
  const dir = storeDir ?? await Deno.makeTempDir({ prefix: "yibao-own-nats-" });
  return await startNats({ port, storeDir: dir });
}

/**
 * A three-node JetStream cluster of the test's own on loopback (to crash and restart its nodes),
 * each node with its own store dir; `stop()` stops the nodes and removes their data.
 */
export async function startOwnNatsCluster(nodes = 3): Promise<NatsCluster & { dir: string }> {
  const dir = await Deno.makeTempDir({ prefix: "yibao-own-cluster-" });
  const cluster = await startNatsCluster({ dir, nodes });
  return {
    ...cluster,
    dir,
    async stop(graceMs?: number) {
      await cluster.stop(graceMs);
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

/** The server name of a stream's leader, or "" while it has none (an election). */
export async function streamLeader(bus: EventBus, stream: string): Promise<string> {
  const info = await bus.jsm.streams.info(stream).catch(() => null);
  return info?.cluster?.leader ?? "";
}

/** Polls `probe` until it is true or `timeoutMs` passes; returns whether it became true. */
export async function eventually(
  probe: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return await probe();
}

/**
 * Runs one outbox relay round in a process of its own that kills itself (SIGKILL) right after
 * publishing `eventId` and before marking it sent. Returns how the process ended.
 */
export async function runCrashingRelay(
  eventId: string,
): Promise<{ signal: Deno.Signal | null; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unsafe-proto", new URL("../fixtures/crashing_relay.ts", import.meta.url).pathname],
    env: {
      CRASH_AFTER_EVENT: eventId,
      YIBAO_TEST_NEO4J_URI: neo4jEnv().NEO4J_URI,
      YIBAO_TEST_NEO4J_PASSWORD: neo4jEnv().NEO4J_PASSWORD,
      YIBAO_TEST_NATS_URL: natsUrl(),
    },
    stdout: "null",
    stderr: "piped",
  }).output();
  return { signal: out.signal, stderr: new TextDecoder().decode(out.stderr) };
}
