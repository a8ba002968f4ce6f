/**
 * The whole suite in this test process: every service of `deploy/local/dev/suite.ts` started with
 * `runService` against this run's Neo4j and NATS, the notifications service posting to a local sink,
 * and the console last, pointed at the others.
 */
import type { Graph } from "@yibao/graph";
import { type RunningService, runService } from "@yibao/kit";
import { suite } from "../../deploy/local/dev/suite.ts";
import { type Sink, startSink } from "../../services/notifications/sink/sink.ts";
import { serviceEnv, testGraph } from "../harness/mod.ts";
import { notificationsEnv } from "../notifications/_suite.ts";

/** The services of the suite, by name. */
export type ServiceName =
  | "policy"
  | "policy-admin"
  | "eligibility"
  | "sessions"
  | "notifications"
  | "console";

const names: readonly ServiceName[] = [
  "policy",
  "policy-admin",
  "eligibility",
  "sessions",
  "notifications",
  "console",
];

/** Options of {@linkcode startWholeSuite}. */
export interface WholeSuiteOptions {
  /** Extra variables for every service (over the test defaults). */
  common?: Record<string, string>;
  /** Extra variables per service (over `common`), e.g. `{ sessions: { QUESTION_MAX_LENGTH: "50" } }`. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
}

/** A running suite. */
export interface WholeSuite {
  /** Each service's base URL, `http://127.0.0.1:<port>` (no trailing slash). */
  urls: Record<ServiceName, string>;
  /** Each running service (its `app` can be called in-process for setup). */
  services: Record<ServiceName, RunningService>;
  /** The local sink that stands in for every notification channel. */
  sink: Sink;
  /** A driver for this run's Neo4j, for test set-up; closed by `stop()`. */
  graph: Graph;
  /** How long the start took, in milliseconds. */
  startMs: number;
  /** Stops every service in reverse start order (each even if another fails), then the sink and the graph. */
  stop(): Promise<void>;
}

/** Short intervals so that tests see scheduled work (effective dates) quickly. */
const testDefaults: Partial<Record<ServiceName, Record<string, string>>> = {
  "policy-admin": { EFFECTIVE_CHECK_INTERVAL_MS: "200" },
};

/**
 * Starts every service in-process on free ports. The five back-end services start in parallel (they
 * share the run's already migrated graph; migrations take a lock anyway), then the console with
 * `CONSOLE_SERVICES` naming the others. When any fails to start, those started are stopped again.
 */
export async function startWholeSuite(options: WholeSuiteOptions = {}): Promise<WholeSuite> {
  const started = performance.now();
  const specOf = new Map(suite.map((s) => [s.name, s]));
  for (const n of names) if (!specOf.has(n)) throw new Error(`Service "${n}" is not in the suite`);
  if (specOf.size !== names.length) {
    throw new Error(`The suite has services the browser harness does not know: ${[...specOf.keys()]}`);
  }
  const sink = await startSink();
  const graph = testGraph();
  const running: { name: ServiceName; svc: RunningService }[] = [];

  async function stopAll(): Promise<void> {
    const errors: unknown[] = [];
    for (const { name, svc } of [...running].reverse()) {
      try {
        await svc.shutdown();
      } catch (err) {
        errors.push(new Error(`Service "${name}" did not stop cleanly`, { cause: err }));
      }
    }
    running.length = 0;
    for (const close of [() => sink.stop(), () => graph.close()]) {
      try {
        await close();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length) throw new AggregateError(errors, "The suite did not stop cleanly");
  }

  function envFor(name: ServiceName, extra: Record<string, string> = {}) {
    const own = { ...testDefaults[name], ...options.common, ...options.env?.[name], ...extra };
    return serviceEnv(name === "notifications" ? notificationsEnv(sink, own) : own);
  }
  async function start(name: ServiceName, extra?: Record<string, string>): Promise<void> {
    const svc = await runService(specOf.get(name)!, { env: envFor(name, extra), handleSignals: false });
    running.push({ name, svc });
  }

  try {
    const backEnds = names.filter((n) => n !== "console");
    const results = await Promise.allSettled(backEnds.map((n) => start(n)));
    const failed = results.flatMap((r, i) =>
      r.status === "rejected"
        ? [new Error(`Service "${backEnds[i]}" did not start`, { cause: r.reason })]
        : []
    );
    if (failed.length) {
      throw failed.length === 1 ? failed[0] : new AggregateError(failed, "Services did not start");
    }
    // start order above is whatever finished first; keep the suite's order for a predictable stop
    running.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
    const url = (svc: RunningService) => `http://127.0.0.1:${svc.port}`;
    await start("console", {
      CONSOLE_SERVICES: running.map(({ name, svc }) => `${name}=${url(svc)}`).join(","),
    });
    const services = Object.fromEntries(running.map(({ name, svc }) => [name, svc])) as Record<
      ServiceName,
      RunningService
    >;
    const urls = Object.fromEntries(running.map(({ name, svc }) => [name, url(svc)])) as Record<
      ServiceName,
      string
    >;
    return { urls, services, sink, graph, startMs: performance.now() - started, stop: stopAll };
  } catch (err) {
    await stopAll().catch((stopErr) => console.error("[browser] stopping after a failed start:", stopErr));
    throw err;
  }
}
