/**
 * The vote appliers on a thread of their own.
 *
 * A batch is three round trips to Neo4j (lock and read, write, commit), and each answer waits for
 * the event loop that reads it. On the instance that also serves a thousand SSE listeners, question
 * intake and vote intake, that loop ran a 20 ms timer 69–117 ms late on average under the benchmark
 * (up to 1.2 s), and Neo4j's Bolt workers were seen waiting on writes to this client. So each
 * instance runs its appliers in a worker thread with its own graph driver and NATS connection: the
 * same lease, ledger, batches and verdicts as before ({@linkcode VoteApplier}), on a loop that does
 * nothing else. The lease and the ledger are in the graph, so nothing of exactly-once depends on
 * which thread applies; when the process dies the thread dies with it, and the lease lapses.
 *
 * `VOTE_APPLIER_THREAD=inline` keeps them on the main loop (as before).
 */
import { createGraph, type GraphOptions } from "@yibao/graph";
import { connectEventBus, type EventBus, type EventLog, type EventsEnv } from "@yibao/events";
import { createLogger, type LogLevel } from "@yibao/kit";
import { LivePublisher } from "./live.ts";
import { VoteApplier } from "./vote_applier.ts";
import type { VoteLimits } from "./vote_batch.ts";
import { publishVoteTotal } from "./vote_stream.ts";

/** What the thread needs to run the appliers of its instance. */
export interface ApplierThreadSetup {
  graph: GraphOptions;
  events: EventsEnv;
  holder: string;
  /** One ledger key per partition. */
  ledgerKeys: string[];
  leaseMs: number;
  limits: VoteLimits;
  log: { service: string; level: LogLevel; fields: Record<string, unknown> };
  /** Diagnostics: stage stamps on the live totals (`LIVE_STAGE_STAMPS`). */
  stamps?: boolean;
  /** How often the thread says it is alive (ms, default 1,000); silent for five of these, it is restarted. */
  heartbeatMs?: number;
}

/** The appliers of one instance, wherever they run. */
export interface AppliersHandle {
  /** Stops them; `release` gives the leases up at once (a clean shutdown). */
  close(options?: { release?: boolean }): Promise<void>;
}

/** The appliers' thread, restarted whenever it fails. */
export interface ApplierThreadHandle extends AppliersHandle {
  /** Attempts to start a thread again after one failed (the `sessions_vote_applier_thread_restarts_total` metric). */
  readonly restarts: number;
  /** Whether a thread runs now (false while one waits to be started again). */
  readonly up: boolean;
  /**
   * Fault injection for tests: the running thread throws an uncaught error (`throw`) or ends itself
   * without a word (`exit`), as a bug or a runtime failure would.
   */
  injectFault(kind: "throw" | "exit"): void;
}

/** The first wait before a failed thread is started again (ms); doubled per failure in a row, to 30 s. */
const restartBaseMs = 250;
const restartMaxMs = 30_000;
/** How long a thread may take to start before it counts as failed. */
const startLimitMs = 60_000;
/** A thread that ran this long resets the backoff. */
const healthyAfterMs = 60_000;

/**
 * Starts the appliers in a worker thread; resolves once they compete for their leases. A thread that
 * fails to start fails the start-up (never an instance that silently applies nothing). A thread that
 * fails afterwards — an uncaught error, or silent for five heartbeats (ended, or stuck) — is
 * terminated, logged, counted, and started again after a backoff (250 ms doubling to 30 s; a start
 * that fails is retried the same way). The new thread runs under the same holder, so it renews the
 * lease the dead one held and goes on from the ledger at once: the ledger skips whatever the dead
 * thread committed, so nothing counts twice, and the stream is read again from the ledger's position,
 * so nothing is lost.
 */
export async function startApplierThread(
  setup: ApplierThreadSetup,
  log: EventLog,
): Promise<ApplierThreadHandle> {
  const heartbeatMs = setup.heartbeatMs ?? 1_000;
  let current: Running | null = null;
  let closed = false;
  let restarts = 0;
  let failuresInRow = 0;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;
  /** A restart under way (its thread not yet started). */
  let restarting: Promise<Running> | null = null;

  interface Running {
    worker: Worker;
    startedAt: number;
    lastBeat: number;
    watchdog: ReturnType<typeof setInterval> | null;
    replies: Map<string, () => void>;
    dead: boolean;
  }

  /** Starts one thread; resolves once it runs, rejects when it does not start. */
  const spawn = (): Promise<Running> => {
    const worker = new Worker(new URL("./vote_applier_thread.ts", import.meta.url).href, {
      type: "module",
      name: `vote-applier-${setup.holder}`,
    });
    const r: Running = {
      worker,
      startedAt: Date.now(),
      lastBeat: Date.now(),
      watchdog: null,
      replies: new Map(),
      dead: false,
    };
    let onStarted: () => void = () => {};
    let failStart: (err: Error) => void = () => {};
    let starting = true;
    const started = new Promise<Running>((resolve, reject) => {
      onStarted = () => resolve(r);
      failStart = reject;
    });
    const failed = (why: string) => {
      if (r.dead) return;
      r.dead = true;
      if (r.watchdog !== null) clearInterval(r.watchdog);
      worker.terminate();
      if (starting) failStart(new Error(`the vote applier thread did not start: ${why}`));
      else onFailure(r, why);
    };
    worker.onmessage = (e: MessageEvent<{ type: string; error?: string }>) => {
      r.lastBeat = Date.now();
      const type = e.data.type;
      if (type === "failed") return failed(e.data.error ?? "unknown");
      if (type === "started") {
        starting = false;
        r.startedAt = Date.now();
        if (r.watchdog !== null) clearInterval(r.watchdog);
        r.watchdog = setInterval(() => {
          if (Date.now() - r.lastBeat > 5 * heartbeatMs) failed(`silent for ${Date.now() - r.lastBeat} ms`);
        }, heartbeatMs);
        Deno.unrefTimer(r.watchdog);
        return onStarted();
      }
      r.replies.get(type)?.();
      r.replies.delete(type);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      failed(e.message);
    };
    // a start that neither succeeds nor fails within a minute (a graph or bus that never answers) fails
    r.watchdog = setInterval(() => {
      if (starting && Date.now() - r.startedAt > startLimitMs) {
        failed(`not started within ${startLimitMs} ms`);
      }
    }, heartbeatMs);
    Deno.unrefTimer(r.watchdog);
    worker.postMessage({ type: "start", setup: { ...setup, heartbeatMs } });
    return started;
  };

  const onFailure = (r: Running, why: string) => {
    if (closed || current !== r) return;
    current = null;
    if (Date.now() - r.startedAt > healthyAfterMs) failuresInRow = 0;
    scheduleRestart(why);
  };

  const scheduleRestart = (why: string) => {
    const inMs = Math.min(restartMaxMs, restartBaseMs * 2 ** failuresInRow);
    failuresInRow++;
    log.error("vote applier thread failed; starting it again", {
      error: why,
      restartInMs: inMs,
      restarts,
      holder: setup.holder,
    });
    restartTimer = setTimeout(() => {
      restartTimer = null;
      if (closed) return;
      restarts++;
      const attempt = spawn();
      restarting = attempt;
      attempt.finally(() => {
        if (restarting === attempt) restarting = null;
      }).catch(() => {});
      attempt.then((r) => {
        if (closed) {
          // closed while it started: it goes as after a crash (the lease lapses)
          r.dead = true;
          if (r.watchdog !== null) clearInterval(r.watchdog);
          r.worker.terminate();
          return;
        }
        current = r;
        log.warn("vote applier thread started again", { restarts, holder: setup.holder });
      }, (err) => {
        if (!closed) scheduleRestart(String(err));
      });
    }, inMs);
  };

  current = await spawn();
  return {
    get restarts() {
      return restarts;
    },
    get up() {
      return current !== null;
    },
    injectFault(kind) {
      current?.worker.postMessage({ type: "fault", kind });
    },
    async close(options = { release: true }) {
      closed = true;
      if (restartTimer !== null) clearTimeout(restartTimer);
      restartTimer = null;
      // a restart under way ends first (its `then` terminates it, as closed)
      if (restarting) await restarting.catch(() => {});
      const r = current;
      current = null;
      if (!r || r.dead) return;
      if (r.watchdog !== null) clearInterval(r.watchdog);
      const closedReply = new Promise<void>((resolve) => r.replies.set("closed", resolve));
      r.worker.postMessage({ type: "close", release: options.release ?? true });
      // a thread that cannot finish within 10 s is let go: the lease lapses as after a crash
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        closedReply,
        new Promise<void>((resolve) => (timer = setTimeout(resolve, 10_000))),
      ]);
      clearTimeout(timer);
      r.dead = true;
      r.worker.terminate();
    },
  };
}

/** Runs appliers of `setup` in this thread (the worker's side). */
async function runInThread(setup: ApplierThreadSetup): Promise<(release?: boolean) => Promise<void>> {
  const log = createLogger(setup.log);
  const graph = createGraph(setup.graph);
  let bus: EventBus;
  try {
    bus = await connectEventBus(setup.events, { name: `${setup.holder}-vote-applier` });
  } catch (err) {
    await graph.close();
    throw err;
  }
  const live = new LivePublisher(bus, log);
  const appliers = setup.ledgerKeys.map((ledgerKey, partition) =>
    new VoteApplier(graph, bus, {
      holder: setup.holder,
      partition,
      ledgerKey,
      leaseMs: setup.leaseMs,
      limits: setup.limits,
      publishTotal: (t, stamps) => publishVoteTotal(live, t, stamps),
      stamps: setup.stamps ?? false,
      log,
    })
  );
  for (const a of appliers) a.start();
  return async (release = true) => {
    await Promise.all(appliers.map((a) => a.close({ release })));
    await bus.close();
    await graph.close();
  };
}

// The worker's side: `start` once, then `close`; a heartbeat while it runs.
if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined") {
  const scope = globalThis as unknown as {
    onmessage: ((e: MessageEvent) => void) | null;
    postMessage(m: unknown): void;
    close(): void;
  };
  let stop: ((release?: boolean) => Promise<void>) | null = null;
  let beat: ReturnType<typeof setInterval> | null = null;
  scope.onmessage = (
    e: MessageEvent<{ type: string; setup?: ApplierThreadSetup; release?: boolean; kind?: string }>,
  ) => {
    if (e.data.type === "start" && e.data.setup) {
      const heartbeatMs = e.data.setup.heartbeatMs ?? 1_000;
      runInThread(e.data.setup).then((s) => {
        stop = s;
        scope.postMessage({ type: "started" });
        beat = setInterval(() => scope.postMessage({ type: "alive" }), heartbeatMs);
      }, (err) => scope.postMessage({ type: "failed", error: String(err) }));
    } else if (e.data.type === "close") {
      if (beat !== null) clearInterval(beat);
      (stop ? stop(e.data.release ?? true) : Promise.resolve()).catch(() => {}).finally(() =>
        scope.postMessage({ type: "closed" })
      );
    } else if (e.data.type === "fault") {
      // fault injection (tests): fail as a bug or the runtime would
      if (e.data.kind === "exit") scope.close();
      else {setTimeout(() => {
          throw new Error("injected vote applier thread fault");
        }, 0);}
    }
  };
}
