import { z } from "zod";
import {
  applyMigrations,
  createGraph,
  type Graph,
  graphEnvSchema,
  graphOptionsFromEnv,
  loadMigrations,
} from "@yibao/graph";
import {
  connectEventBus,
  ensureStreams,
  type EventBus,
  eventsEnvSchema,
  streamReplicasFor,
} from "@yibao/events";
import { ApiKeyVerifier } from "./auth/api_keys.ts";
import { createServiceApp, type ServiceApp } from "./app.ts";
import { ConfigError, loadConfig, serviceEnvSchema } from "./config.ts";
import { createLogger, type Logger } from "./log.ts";

const defaultMigrations = new URL("../../graph-schema/migrations/", import.meta.url);

/** Variables every service reads besides its own: the common ones, the graph's and the bus's. */
export const baseEnvSchema = serviceEnvSchema
  .extend(graphEnvSchema.shape)
  .extend(eventsEnvSchema.shape)
  .extend({
    MIGRATE_ON_START: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
    MIGRATIONS_DIR: z.string().optional(),
    STARTUP_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
  });

/** The parsed common configuration. */
export type BaseConfig = z.infer<typeof baseEnvSchema>;

/** What a service's `setup` receives to wire its routes, consumers and relays. */
export interface ServiceContext<C> {
  config: BaseConfig & C;
  log: Logger;
  graph: Graph;
  bus: EventBus;
  app: ServiceApp;
  /** Unique per process, for locks, claims and consumer logs. */
  instanceId: string;
  /** Registers work to do on shutdown; hooks run in reverse order after HTTP has drained. */
  onShutdown(hook: () => Promise<void>): void;
  /**
   * Adds Prometheus text lines (with their `# HELP` and `# TYPE`) to the service's `/metrics`,
   * after the kit's own; `lines` is called on every scrape. Metric names must not clash with the
   * kit's (`http_*`, `process_*`).
   */
  addMetrics(lines: () => string[]): void;
}

/** A service described for {@linkcode runService}. */
export interface ServiceSpec<S extends z.ZodObject> {
  name: string;
  version: string;
  title: string;
  description: string;
  /** The port when `PORT` is not set. */
  defaultPort: number;
  /** The service's own variables, merged with {@linkcode baseEnvSchema}. */
  env?: S;
  /** Accept HTML form bodies as well as JSON on writes (the console). */
  acceptForms?: boolean;
  setup(ctx: ServiceContext<z.infer<S>>): void | Promise<void>;
}

/** The full environment schema of a service: the common variables and its own. */
export function serviceEnvSchemaOf(spec: { env?: z.ZodObject }): z.ZodObject {
  return spec.env ? baseEnvSchema.extend(spec.env.shape) : baseEnvSchema;
}

/** The names of every variable a service reads, for `--allow-env`. */
export function serviceEnvNames(spec: { env?: z.ZodObject }): string[] {
  return Object.keys(serviceEnvSchemaOf(spec).shape);
}

/** A started service. */
export interface RunningService {
  app: ServiceApp;
  /** The port actually bound (useful with PORT=0). */
  port: number;
  /** Stops accepting requests, drains, runs the shutdown hooks and closes the graph and bus. */
  shutdown(): Promise<void>;
  /** Resolves once shut down. */
  finished: Promise<void>;
}

/** Options for tests and embedding. */
export interface RunOptions {
  /** Where variables come from (default `Deno.env`). */
  env?: (name: string) => string | undefined;
  /** Install SIGTERM/SIGINT handlers (default true). */
  handleSignals?: boolean;
  /**
   * Remove the handlers once stopped (default true, for a service run inside another program). A
   * service that is the whole process keeps them until it exits: with none left, a second signal
   * arriving after the drain would kill the process (exit 143) instead of letting it exit 0.
   */
  releaseSignalsOnStop?: boolean;
}

/**
 * Starts a service: validated config (a clear error naming each bad variable), JSON logs, the
 * graph (waiting for it, then migrations), the bus (streams declared), the app, `setup`, and the
 * HTTP server; SIGTERM or SIGINT shut it down gracefully.
 */
export async function runService<S extends z.ZodObject>(
  spec: ServiceSpec<S>,
  options: RunOptions = {},
): Promise<RunningService> {
  const get = options.env ?? ((name: string) => Deno.env.get(name));
  const env = (name: string) => name === "PORT" ? (get(name) || String(spec.defaultPort)) : get(name);
  const config = loadConfig(serviceEnvSchemaOf(spec), env) as BaseConfig & z.infer<S>;
  const instanceId = config.INSTANCE_ID ?? `${spec.name}-${crypto.randomUUID().slice(0, 8)}`;
  const log = createLogger({ service: spec.name, level: config.LOG_LEVEL, fields: { instance: instanceId } });

  const graph = createGraph(graphOptionsFromEnv(config, `yibao-${spec.name}`));
  const hooks: (() => Promise<void>)[] = [];
  let bus: EventBus | undefined;
  try {
    await waitFor("Neo4j", config.NEO4J_URI, () => graph.ping(2_000), config.STARTUP_TIMEOUT_MS);
    if (config.MIGRATE_ON_START) {
      const dir = config.MIGRATIONS_DIR ?? defaultMigrations;
      const report = await applyMigrations(graph, await loadMigrations(dir), { owner: instanceId });
      if (report.applied.length) log.info("graph migrations applied", { applied: report.applied });
    }
    bus = await connectEventBus(config, {
      name: instanceId,
      firstConnectTimeoutMs: config.STARTUP_TIMEOUT_MS,
    });
    // R3 on a cluster of three (or NATS_STREAM_REPLICAS); the service's own streams use the same
    config.NATS_STREAM_REPLICAS = await streamReplicasFor(bus, config.NATS_STREAM_REPLICAS);
    // a cluster still electing its stream leaders (several replicas starting at once) answers late:
    // the declarations keep trying through that for as long as the start-up may take
    await ensureStreams(bus, config.NATS_STREAM_REPLICAS, { log, waitMs: config.STARTUP_TIMEOUT_MS });
  } catch (err) {
    await bus?.close().catch(() => {});
    await graph.close().catch(() => {});
    throw err;
  }
  const events = bus;

  const metricSources: (() => string[])[] = [];
  const app = createServiceApp({
    name: spec.name,
    version: spec.version,
    title: spec.title,
    description: spec.description,
    log,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    readiness: { graph: () => graph.ping(1_000), events: () => events.ping(1_000) },
    auth: { tokenSecret: config.AUTH_TOKEN_SECRET, apiKeys: new ApiKeyVerifier(graph) },
    ...(spec.acceptForms ? { acceptForms: true } : {}),
    metrics: () => metricSources.flatMap((lines) => lines()),
  });

  try {
    await spec.setup({
      config,
      log,
      graph,
      bus: events,
      app,
      instanceId,
      onShutdown: (hook) => void hooks.push(hook),
      addMetrics: (lines) => void metricSources.push(lines),
    });
  } catch (err) {
    // a setup that fails (a missing file, a bad stream) leaves no connection open behind it
    for (const hook of hooks.reverse()) await hook().catch(() => {});
    await events.close().catch(() => {});
    await graph.close().catch(() => {});
    throw err;
  }

  let resolveFinished!: () => void;
  const finished = new Promise<void>((r) => (resolveFinished = r));
  const { promise: listening, resolve: onListen } = Promise.withResolvers<number>();
  const server = Deno.serve({
    port: config.PORT,
    hostname: config.HOST,
    onListen: ({ port }) => onListen(port),
  }, app.fetch);
  const port = await listening;
  log.info("listening", { url: `http://${config.HOST}:${port}`, version: spec.version });

  let stopping: Promise<void> | undefined;
  function shutdown(): Promise<void> {
    stopping ??= (async () => {
      log.info("shutting down");
      let graceTimer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<void>((r) => (graceTimer = setTimeout(r, config.SHUTDOWN_GRACE_MS)));
      await Promise.race([server.shutdown(), grace]);
      // a drain that finished early leaves no timer running behind the stopped service
      clearTimeout(graceTimer);
      for (const hook of hooks.reverse()) {
        await hook().catch((err) => log.warn("shutdown hook failed", { error: String(err) }));
      }
      await events.close().catch(() => {});
      await graph.close().catch(() => {});
      if (options.handleSignals !== false && options.releaseSignalsOnStop !== false) {
        Deno.removeSignalListener("SIGTERM", onSignal);
        Deno.removeSignalListener("SIGINT", onSignal);
      }
      log.info("stopped");
      resolveFinished();
    })();
    return stopping;
  }
  function onSignal(): void {
    void shutdown();
  }
  if (options.handleSignals !== false) {
    Deno.addSignalListener("SIGTERM", onSignal);
    Deno.addSignalListener("SIGINT", onSignal);
  }
  return { app, port, shutdown, finished };
}

/** A service's `main`: runs it, and on a configuration error prints the message and exits 78. */
export async function main<S extends z.ZodObject>(spec: ServiceSpec<S>): Promise<void> {
  try {
    const running = await runService(spec, { releaseSignalsOnStop: false });
    await running.finished;
    Deno.exit(0);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`[${spec.name}] ${err.message}`);
      Deno.exit(78);
    }
    console.error(JSON.stringify({
      time: new Date().toISOString(),
      level: "error",
      service: spec.name,
      msg: "start-up failed",
      error: err instanceof Error ? err.message : String(err),
    }));
    Deno.exit(1);
  }
}

async function waitFor(
  what: string,
  where: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what} at ${where} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
