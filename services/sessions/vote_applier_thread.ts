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
}

/** The appliers of one instance, wherever they run. */
export interface AppliersHandle {
  /** Stops them; `release` gives the leases up at once (a clean shutdown). */
  close(options?: { release?: boolean }): Promise<void>;
}

/** Starts the appliers in a worker thread; resolves once they compete for their leases. */
export async function startApplierThread(setup: ApplierThreadSetup, log: EventLog): Promise<AppliersHandle> {
  const worker = new Worker(new URL("./vote_applier_thread.ts", import.meta.url).href, {
    type: "module",
    name: `vote-applier-${setup.holder}`,
  });
  const replies = new Map<string, () => void>();
  const waitFor = (type: string) => new Promise<void>((resolve) => replies.set(type, resolve));
  // A thread that fails before it starts fails the start-up (never an instance that silently applies nothing).
  let failStart: (err: Error) => void = () => {};
  const started = new Promise<void>((resolve, reject) => {
    replies.set("started", resolve);
    failStart = reject;
  });
  worker.onmessage = (e: MessageEvent<{ type: string; error?: string }>) => {
    if (e.data.type === "failed") {
      failStart(new Error(`the vote applier thread did not start: ${e.data.error}`));
      worker.terminate();
      return;
    }
    replies.get(e.data.type)?.();
    replies.delete(e.data.type);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    log.error("vote applier thread failed", { error: e.message });
    failStart(new Error(`the vote applier thread failed: ${e.message}`));
  };
  worker.postMessage({ type: "start", setup });
  await started;
  return {
    async close(options = { release: true }) {
      const closed = waitFor("closed");
      worker.postMessage({ type: "close", release: options.release ?? true });
      // a thread that cannot finish within the lease is let go: the lease lapses as after a crash
      await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
      worker.terminate();
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
      publishTotal: (t) => publishVoteTotal(live, t),
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

// The worker's side: `start` once, then `close`.
if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined") {
  const scope = globalThis as unknown as {
    onmessage: ((e: MessageEvent) => void) | null;
    postMessage(m: unknown): void;
  };
  let stop: ((release?: boolean) => Promise<void>) | null = null;
  scope.onmessage = (e: MessageEvent<{ type: string; setup?: ApplierThreadSetup; release?: boolean }>) => {
    if (e.data.type === "start" && e.data.setup) {
      runInThread(e.data.setup).then((s) => {
        stop = s;
        scope.postMessage({ type: "started" });
      }, (err) => scope.postMessage({ type: "failed", error: String(err) }));
    } else if (e.data.type === "close") {
      (stop ? stop(e.data.release ?? true) : Promise.resolve()).catch(() => {}).finally(() =>
        scope.postMessage({ type: "closed" })
      );
    }
  };
}
