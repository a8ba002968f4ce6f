/**
 * The one vote applier across instances. Every instance runs a {@linkcode VoteApplier}; the one that
 * holds the lease (`(:VoteApplierLease)`, taken and renewed in the graph with a short expiry) reads
 * the vote stream in order from the ledger's applied sequence on (an ordered consumer) and applies
 * it in batches ({@linkcode writeBatch}): batches never contend with another instance's, since there
 * is none. When the applier dies its lease expires and another instance takes over from the ledger,
 * so the votes it had not applied are read again; nothing is acknowledged, the ledger is the
 * position. Exactly once: each batch locks the ledger first, skips what is at or below its applied
 * sequence (a batch read again after a crash between the commit and the verdicts, or by a former
 * holder still finishing) and records its last sequence in its own transaction. Reading in stream
 * order from the ledger's position, a batch always starts right after what was applied, so skipping
 * at or below the watermark loses nothing.
 *
 * After each commit the applier sends the verdicts to the instances waiting for them and publishes
 * the live total of each question the batch moved, while it writes the next batch.
 */
import { DeliverPolicy, type JsMsg } from "@nats-io/jetstream";
import type { Graph } from "@yibao/graph";
import { toPlain } from "@yibao/graph";
import type { EventBus, EventLog } from "@yibao/events";
import { stampNow } from "./live.ts";
import { LoopLag } from "./loop_lag.ts";
import { planBatchQueries, type VoteLimits, type VoteOp, writeBatch } from "./vote_batch.ts";
import {
  sendVerdicts,
  toWire,
  voteMessageSchema,
  voteStream,
  voteSubjectOf,
  type WireVerdict,
} from "./vote_stream.ts";
import leaseQuery from "./queries/vote_applier_lease.cypher" with { type: "text" };
import releaseQuery from "./queries/vote_applier_release.cypher" with { type: "text" };
import ledgerGetQuery from "./queries/vote_ledger_get.cypher" with { type: "text" };

/** The vote applier's settings. */
export interface VoteApplierOptions {
  /** This instance, as the lease names its holder. */
  holder: string;
  /** The partition of the vote stream this applier reads (its own lease and ledger). */
  partition: number;
  /** The ledger key of the partition ({@linkcode ledgerKeyOf}). */
  ledgerKey: string;
  /** How long a lease lasts unrenewed (ms); it is renewed every third of that. */
  leaseMs: number;
  /** The limits for a message that carries none. */
  limits: VoteLimits;
  /** Publishes a question's live total (never throws). */
  publishTotal(
    t: { sessionId: string; id: string; votes: number; revision: number },
    stamps?: Record<string, number>,
  ): Promise<void>;
  /** Diagnostics: stamp the totals with when their verdicts went out (`LIVE_STAGE_STAMPS`). */
  stamps?: boolean;
  maxBatch?: number;
  log: EventLog;
}

interface Pending {
  seq: number;
  /** When the stream stored it (ms since the epoch). */
  storedAt: number;
  id: string;
  reply: string;
  op: VoteOp;
}

/** Takes the lease when it can and, while it holds it, applies the vote stream. */
export class VoteApplier {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;
  /** The running consumer while this instance holds the lease. */
  #run: { stop(): void; done: Promise<void> } | null = null;
  readonly #leaseKey: string;
  /** Batches committed by this instance (for tests and logs). */
  batches = 0;

  constructor(
    private readonly graph: Graph,
    private readonly bus: EventBus,
    private readonly o: VoteApplierOptions,
  ) {
    this.#leaseKey = `votes:${o.partition}`;
  }

  /** Whether this instance applies the stream now. */
  get active(): boolean {
    return this.#run !== null;
  }

  /** Starts competing for the lease. */
  start(): void {
    void this.#tick();
  }

  async #tick(): Promise<void> {
    if (this.#closed) return;
    try {
      const held = await this.#lease();
      if (held && !this.#run && !this.#closed) {
        this.#run = this.#consume();
        this.#lag.watch(true);
      }
      if (!held && this.#run) {
        this.o.log.warn("vote applier lease lost", { holder: this.o.holder });
        this.#stopRun();
      }
    } catch (err) {
      // the graph is unreachable: the lease will lapse, so stop applying (another takes over)
      this.o.log.warn("vote applier lease not renewed", { error: String(err) });
      this.#stopRun();
    }
    if (!this.#closed) this.#timer = setTimeout(() => void this.#tick(), Math.max(50, this.o.leaseMs / 3));
  }

  async #lease(): Promise<boolean> {
    return await this.graph.write(async (tx) =>
      (await tx.run(leaseQuery, { key: this.#leaseKey, holder: this.o.holder, ttlMs: this.o.leaseMs }))
        .records
        .length > 0
    );
  }

  #stopRun(): void {
    this.#lag.watch(false);
    this.#run?.stop();
    this.#run = null;
  }

  /** Reads the stream from the ledger's position and applies it in batches until stopped. */
  #consume(): { stop(): void; done: Promise<void> } {
    let stopped = false;
    let stopMessages = () => {};
    const queue: Pending[] = [];
    let draining: Promise<void> | null = null;
    const drain = async () => {
      while (queue.length && !stopped) {
        const batch = queue.splice(0, this.o.maxBatch ?? 1_000);
        for (let attempt = 0; !stopped; attempt++) {
          try {
            await this.#apply(batch);
            break;
          } catch (err) {
            // nothing of the batch counted: the same batch again (the next in the stream must wait)
            this.o.log.warn("vote batch failed", { error: String(err), attempt });
            await new Promise((r) => setTimeout(r, Math.min(2_000, 50 * 2 ** attempt)));
          }
        }
      }
      draining = null;
    };
    const done = (async () => {
      const from = await this.graph.read(async (tx) =>
        toPlain(
          (await tx.run(ledgerGetQuery, { key: this.o.ledgerKey })).records[0]!.get("appliedSeq"),
        ) as number
      );
      if (stopped) return;
      // the batch queries planned before the first votes wait for them (never fatal: a batch plans them too)
      const planning = performance.now();
      await planBatchQueries(this.graph).catch((err) =>
        this.o.log.warn("vote batch queries not planned ahead", { error: String(err) })
      );
      if (stopped) return;
      this.o.log.info("vote applier took over", {
        planMs: Math.round(performance.now() - planning),
        holder: this.o.holder,
        partition: this.o.partition,
        from: from + 1,
      });
      const consumer = await this.bus.js.consumers.get(voteStream, {
        filter_subjects: voteSubjectOf(this.o.partition),
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: from + 1,
      });
      const messages = await consumer.consume({ max_messages: 2_000 });
      stopMessages = () => void messages.stop();
      if (stopped) return stopMessages();
      for await (const m of messages) {
        if (stopped) break;
        const p = this.#read(m);
        if (p) queue.push(p);
        draining ??= drain();
      }
    })().then(() => draining ?? undefined).catch((err) => {
      this.o.log.warn("vote applier stopped reading", { error: String(err) });
      // give the lease up, so this or another instance starts afresh from the ledger
      if (!stopped) {
        stopped = true;
        if (this.#run) this.#run = null;
        this.#lag.watch(false);
        void this.#release();
      }
    });
    return {
      stop: () => {
        stopped = true;
        stopMessages();
      },
      done,
    };
  }

  #read(m: JsMsg): Pending | null {
    try {
      const v = voteMessageSchema.parse(m.json());
      return { seq: m.seq, storedAt: m.info.timestampNanos / 1e6, id: v.id, reply: v.reply, op: v.op };
    } catch (err) {
      this.o.log.warn("unreadable vote message skipped", { seq: m.seq, error: String(err) });
      return null;
    }
  }

  /** Commits a batch; its verdicts go out at once, its live totals while the next batch is written. */
  async #apply(batch: Pending[]): Promise<void> {
    const t0 = performance.now();
    const started = Date.now();
    for (const p of batch) this.#stats.waitMs += started - p.storedAt;
    const { answers, totals, timings } = await writeBatch(this.graph, batch.map((p) => p.op), this.o.limits, {
      ledger: { key: this.o.ledgerKey, seqs: batch.map((p) => p.seq) },
    });
    const t1 = performance.now();
    this.batches++;
    this.#stats.batches++;
    this.#stats.ops += batch.length;
    this.#stats.writeMs += t1 - t0;
    this.#stats.lockMs += timings.lockMs;
    this.#stats.decideMs += timings.decideMs;
    this.#stats.writeQueryMs += timings.writeMs;
    this.#stats.commitMs += timings.commitMs;
    this.#stats.largest = Math.max(this.#stats.largest, batch.length);
    // The verdicts go at once (the voters' next requests can join the next batch); the live totals
    // (one per question the batch moved) are published meanwhile: a 200's revision is on its way.
    const verdicts: { reply: string; verdict: WireVerdict }[] = [];
    batch.forEach((p, i) => {
      const a = answers[i];
      if (a) verdicts.push({ reply: p.reply, verdict: toWire(p.id, a) });
    });
    sendVerdicts(this.bus, verdicts);
    const stamps = this.o.stamps ? { v: stampNow() } : undefined;
    const out = (async () => {
      await Promise.all(totals.map((t) => this.o.publishTotal(t, stamps)));
      this.#stats.publishMs += performance.now() - t1;
    })().catch((err) => this.o.log.warn("vote totals not published", { error: String(err) }));
    this.#out.add(out);
    void out.finally(() => this.#out.delete(out));
    this.#report();
  }

  /** Batches and their times since the last report (logged at most every 5 s while applying). */
  #stats = VoteApplier.#freshStats(performance.now());
  static #freshStats(since: number) {
    return {
      batches: 0,
      ops: 0,
      largest: 0,
      writeMs: 0,
      lockMs: 0,
      decideMs: 0,
      writeQueryMs: 0,
      commitMs: 0,
      publishMs: 0,
      waitMs: 0,
      since,
    };
  }
  /** The event loop's lag while applying. */
  readonly #lag = new LoopLag();
  readonly #out = new Set<Promise<void>>();

  #report(): void {
    const s = this.#stats;
    const now = performance.now();
    if (now - s.since < 5_000) return;
    this.o.log.info("vote applier", {
      partition: this.o.partition,
      batches: s.batches,
      votes: s.ops,
      largestBatch: s.largest,
      votesPerSecond: Math.round(s.ops / ((now - s.since) / 1000)),
      meanWriteMs: Math.round(s.writeMs / s.batches),
      // the batch's time split: lock query, decision (JS), write query, opening and commit
      meanLockMs: Math.round(s.lockMs / s.batches),
      meanDecideMs: Math.round(s.decideMs / s.batches),
      meanWriteQueryMs: Math.round(s.writeQueryMs / s.batches),
      meanCommitMs: Math.round(s.commitMs / s.batches),
      // how late a 20 ms timer of this thread ran: its event loop's lag
      ...this.#lag.take(),
      meanPublishMs: Math.round(s.publishMs / s.batches),
      // from stored in the stream to its batch's start: delivery and the wait for the batch before
      meanStreamWaitMs: Math.round(s.waitMs / s.ops),
      busyShare: Math.round((s.writeMs / (now - s.since)) * 100) / 100,
    });
    this.#stats = VoteApplier.#freshStats(now);
  }

  async #release(): Promise<void> {
    await this.graph.write((tx) => tx.run(releaseQuery, { key: this.#leaseKey, holder: this.o.holder }))
      .catch(() => {});
  }

  /**
   * Stops. With `release` (a clean shutdown) the current batch finishes and the lease is given up so
   * another instance takes over at once; without it (as a crash) the lease simply lapses.
   */
  async close(options: { release?: boolean } = { release: true }): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    const run = this.#run;
    this.#stopRun();
    if (run) await run.done;
    await Promise.all([...this.#out]);
    if (options.release) await this.#release();
  }
}
