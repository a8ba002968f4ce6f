/**
 * The live stream of a session's events across instances. Every change is published to the
 * JetStream stream `SESSION_LIVE` on `live.sessions.<sessionId>`; its stream sequence is the SSE
 * event id. Each instance keeps one ordered consumer per session that has listeners here (a
 * "feed" with a buffer of recent events) and fans out to its listeners; a listener that resumes
 * with `Last-Event-ID` is replayed from the buffer, or from JetStream when the buffer no longer
 * reaches back that far.
 *
 * The broadcast works in ticks (`LIVE_FLUSH_MS`): the events a feed receives within a tick are
 * gathered — an event with a coalescing key (`supersedes`: a question's vote total, or any
 * newer-wins figure a publisher names) replaces an older one of the same key in that tick — their
 * frames, each serialised once when the instance received it, are joined into one chunk, and that
 * same chunk is handed to every listener that is up to date. Only a listener that is behind (its
 * previous chunk not yet written) gets its own queue, where a newer total replaces an unwritten
 * older one (the id stays monotonic). The feed knows no event type but the question/votes revision
 * rule below; other modules' events (polls, quizzes) ride the same path.
 */
import { DeliverPolicy, type JsMsg } from "@nats-io/jetstream";
import { ensureStream, type EventBus, type EventLog } from "@yibao/events";

/** The stream of live session events. */
export const liveStream = "SESSION_LIVE";
const subjectOf = (sessionId: string) => `live.sessions.${sessionId}`;

/** Declares the live stream (idempotent). */
export async function ensureLiveStream(bus: EventBus, replicas = 1): Promise<void> {
  await ensureStream(bus, {
    name: liveStream,
    subjects: ["live.sessions.>"],
    max_age: 7 * 24 * 3600 * 1e9,
    duplicate_window: 120 * 1e9,
    num_replicas: replicas,
  });
}

/** One live event. */
export interface LiveEvent {
  seq: number;
  type: string;
  data: Record<string, unknown>;
  /** Coalescing key: a later event with the same key supersedes an unwritten earlier one. */
  supersedes?: string;
  /**
   * Ordering key of `data.revision`: an event whose revision is not newer than one already carried
   * for the same key is dropped (vote totals and questions share `question:<id>`).
   */
  orderKey?: string;
  /** The SSE frame, encoded once per instance and shared by every listener. */
  frame: Uint8Array;
}

const encoder = new TextEncoder();

/** An instant for the live stream's stage stamps: ms since the epoch, to a tenth (comparable across threads). */
export const stampNow = () => Math.round((performance.timeOrigin + performance.now()) * 10) / 10;

/** Publishes live events (after the write they describe has committed). */
export class LivePublisher {
  constructor(private readonly bus: EventBus, private readonly log: EventLog) {}

  /**
   * Publishes, retrying twice (50 ms, then 250 ms later) under the same `msgId`, which JetStream's
   * duplicate window stores once. A failure after that is logged, never thrown: the write it
   * describes has committed, and the REST state is right.
   */
  async publish(
    sessionId: string,
    type: string,
    data: Record<string, unknown>,
    msgId: string,
    options: { supersedes?: string } = {},
  ): Promise<void> {
    // `supersedes`: a newer event with the same key replaces an unwritten older one (a total, a tally)
    const payload = JSON.stringify(
      options.supersedes ? { type, data, supersedes: options.supersedes } : { type, data },
    );
    for (const [attempt, pause] of [[1, 50], [2, 250], [3, 0]] as const) {
      try {
        await this.bus.js.publish(subjectOf(sessionId), payload, { msgID: msgId });
        return;
      } catch (err) {
        if (attempt === 3) {
          this.log.warn("live event not published", { sessionId, type, msgId, error: String(err) });
          return;
        }
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }
}

const decoder = new TextDecoder();
const revisionOf = (e: LiveEvent) => (e.data.revision as number | undefined) ?? 0;
/** The SSE frame of an event. */
const frameOf = (seq: number, type: string, data: Record<string, unknown>) =>
  encoder.encode(`id: ${seq}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);

function toEvent(m: JsMsg): LiveEvent {
  const body = JSON.parse(decoder.decode(m.data)) as {
    type: string;
    data: Record<string, unknown>;
    supersedes?: string;
  };
  // vote totals and questions order by the question's revision; other events by what they name
  const question = body.type === "votes"
    ? body.data.questionId
    : body.type === "question"
    ? body.data.id
    : null;
  const supersedes = body.supersedes ?? (body.type === "votes" ? `votes:${body.data.questionId}` : undefined);
  const orderKey = question != null ? `question:${question}` : supersedes;
  return {
    seq: m.seq,
    type: body.type,
    data: body.data,
    ...(supersedes ? { supersedes } : {}),
    ...(orderKey && typeof body.data.revision === "number" ? { orderKey } : {}),
    frame: frameOf(m.seq, body.type, body.data),
  };
}

/** The frames of `events` in one chunk. */
export function framesOf(events: LiveEvent[]): Uint8Array {
  if (events.length === 1) return events[0]!.frame;
  let n = 0;
  for (const e of events) n += e.frame.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const e of events) {
    out.set(e.frame, at);
    at += e.frame.length;
  }
  return out;
}

/** One tick's events and their frames joined once, shared by every listener that is up to date. */
export interface Tick {
  events: LiveEvent[];
  chunk: Uint8Array;
}

/** Events one listener may have waiting before it is told to reconnect. */
export const defaultMaxQueue = 10_000;

/** A listener's queue of events not yet written. */
export class Listener {
  #queue: LiveEvent[] = [];
  /** A tick's shared chunk, while it is all this listener has waiting (the common case). */
  #shared: Tick | null = null;
  #wake: (() => void) | null = null;
  #closed = false;
  /** Highest seq queued (so nothing is queued twice). */
  lastSeq: number;
  /** While catching up from JetStream, live events wait in the feed's buffer. */
  catchingUp = false;

  /** Diagnostics (`LIVE_STAGE_STAMPS`): since when something waits to be written (performance.now()). */
  #waitingSince = 0;

  constructor(
    after: number,
    private readonly maxQueue = defaultMaxQueue,
    /** Diagnostics: told how long each chunk waited between its tick and this listener's write (ms). */
    private readonly onTake?: (waitedMs: number) => void,
  ) {
    this.lastSeq = after;
  }

  #noteWaiting(): void {
    if (this.onTake && this.#waitingSince === 0) this.#waitingSince = performance.now();
  }

  #noteTaken(): void {
    if (this.onTake && this.#waitingSince !== 0) {
      this.onTake(performance.now() - this.#waitingSince);
      this.#waitingSince = 0;
    }
  }

  /**
   * Queues a tick. A listener with nothing waiting takes the tick's shared chunk as it is; one that
   * is behind queues the tick's events one by one (coalescing them with what waits).
   */
  pushTick(t: Tick): void {
    if (this.#closed || t.events.length === 0) return;
    if (this.#queue.length === 0 && this.#shared === null && t.events[0]!.seq > this.lastSeq) {
      this.#shared = t;
      this.lastSeq = t.events.at(-1)!.seq;
      this.#noteWaiting();
      this.#wake?.();
      return;
    }
    this.#unshare();
    for (const e of t.events) this.push(e);
  }

  /** Moves a shared tick's events into this listener's own queue. */
  #unshare(): void {
    if (this.#shared) {
      this.#queue.push(...this.#shared.events);
      this.#shared = null;
    }
  }

  /**
   * Queues `e` unless it was queued already; a newer vote total replaces an unwritten older one.
   * A listener whose queue is full (its reader stalled) gets what is queued, then a final
   * `reconnect` event, and is closed: it resumes with Last-Event-ID, nothing lost.
   */
  push(e: LiveEvent): void {
    if (this.#closed || e.seq <= this.lastSeq) return;
    this.#unshare();
    if (
      this.#queue.length >= this.maxQueue &&
      !this.#queue.some((q) => e.supersedes && q.supersedes === e.supersedes)
    ) {
      const last = this.#queue.at(-1)?.seq ?? 0;
      const data = { reason: "too slow: reconnect with Last-Event-ID", lastEventId: last };
      this.#queue.push({
        seq: last,
        type: "reconnect",
        data,
        frame: encoder.encode(`event: reconnect\ndata: ${JSON.stringify(data)}\n\n`),
      });
      this.close();
      return;
    }
    this.lastSeq = e.seq;
    if (e.supersedes) {
      const i = this.#queue.findIndex((q) => q.supersedes === e.supersedes);
      if (i >= 0) {
        // Totals can be published out of order (two commits racing): the higher revision stays.
        if (revisionOf(this.#queue[i]!) >= revisionOf(e)) return;
        this.#queue.splice(i, 1);
      }
    }
    this.#queue.push(e);
    this.#noteWaiting();
    this.#wake?.();
  }

  async #wait(timeoutMs: number): Promise<void> {
    if (this.#queue.length === 0 && this.#shared === null && !this.#closed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = null;
    }
  }

  /**
   * Waits for events and takes all of them; empty when closed or after `timeoutMs`. With
   * `lingerMs`, waits that much longer after the first event so the events of a burst (and their
   * coalesced vote totals) go out in one write instead of one write each.
   */
  async take(timeoutMs: number, lingerMs = 0): Promise<LiveEvent[]> {
    const empty = this.#queue.length === 0 && this.#shared === null;
    await this.#wait(timeoutMs);
    if (empty && lingerMs > 0 && !this.#closed && (this.#queue.length > 0 || this.#shared)) {
      await new Promise((r) => setTimeout(r, lingerMs));
    }
    this.#unshare();
    const out = this.#queue;
    this.#queue = [];
    return out;
  }

  /**
   * Waits for events and takes them as one chunk of bytes: a tick's shared chunk when that is all
   * there is (no copy), otherwise this listener's queue joined. Null when closed or after `timeoutMs`.
   */
  async takeChunk(timeoutMs: number): Promise<Uint8Array | null> {
    await this.#wait(timeoutMs);
    if (this.#shared && this.#queue.length === 0) {
      const chunk = this.#shared.chunk;
      this.#shared = null;
      this.#noteTaken();
      return chunk;
    }
    this.#unshare();
    if (this.#queue.length === 0) return null;
    const out = this.#queue;
    this.#queue = [];
    this.#noteTaken();
    return framesOf(out);
  }

  close(): void {
    this.#closed = true;
    this.#wake?.();
  }

  get closed(): boolean {
    return this.#closed;
  }
}

class Feed {
  readonly buffer: LiveEvent[] = [];
  evictedUpTo = 0;
  lastSeq = 0;
  readonly listeners = new Set<Listener>();
  #stop: (() => void) | null = null;
  idleSince = 0;
  readonly ready: Promise<void>;

  constructor(
    private readonly bus: EventBus,
    readonly sessionId: string,
    private readonly bufferSize: number,
    private readonly log: EventLog,
    private readonly flushMs: number,
    /** Diagnostics: stamp totals carrying `_t` with when stored (s), received (r) and flushed (f). */
    private readonly stamps = false,
  ) {
    this.ready = this.#start();
  }

  async #start(): Promise<void> {
    const subject = subjectOf(this.sessionId);
    let end = 0;
    try {
      end = (await this.bus.jsm.streams.getMessage(liveStream, { last_by_subj: subject }))?.seq ?? 0;
    } catch {
      end = 0; // nothing published for this session yet
    }
    const consumer = await this.bus.js.consumers.get(liveStream, {
      filter_subjects: subject, // a string: filter_subject, which servers before 2.10 understand
      deliver_policy: DeliverPolicy.All,
    });
    const messages = await consumer.consume();
    this.#stop = () => void messages.stop();
    let caughtUp: () => void = () => {};
    const done = new Promise<void>((r) => (caughtUp = r));
    if (end === 0) caughtUp();
    (async () => {
      for await (const m of messages) {
        try {
          const e = toEvent(m);
          const t = this.stamps ? e.data._t as Record<string, number> | undefined : undefined;
          if (t) {
            t.s = Math.round(m.info.timestampNanos / 1e5) / 10;
            t.r = stampNow();
          }
          this.#deliver(e);
        } catch (err) {
          this.log.warn("unreadable live event", { seq: m.seq, error: String(err) });
        }
        if (m.seq >= end) caughtUp();
      }
    })().catch((err) => this.log.warn("live feed ended", { sessionId: this.sessionId, error: String(err) }));
    await done;
  }

  /** The highest revision seen per ordering key, to drop totals that arrive after a newer one. */
  readonly #revisions = new Map<string, number>();
  /** This tick's events, waiting to go to every listener in one chunk. */
  #tick: LiveEvent[] = [];
  #tickTimer: ReturnType<typeof setTimeout> | null = null;

  #deliver(e: LiveEvent): void {
    if (e.seq <= this.lastSeq) return;
    this.lastSeq = e.seq;
    if (e.orderKey !== undefined) {
      const newest = this.#revisions.get(e.orderKey) ?? -1;
      // A total older than what listeners have (or will replay first) tells them nothing.
      if (e.supersedes && revisionOf(e) <= newest) return;
      if (revisionOf(e) > newest) this.#revisions.set(e.orderKey, revisionOf(e));
    }
    this.buffer.push(e);
    if (this.buffer.length > this.bufferSize) this.evictedUpTo = this.buffer.shift()!.seq;
    if (e.supersedes) {
      // within a tick a newer total replaces an older one of the same key (and moves to the end)
      const i = this.#tick.findIndex((x) => x.supersedes === e.supersedes);
      if (i >= 0) this.#tick.splice(i, 1);
    }
    this.#tick.push(e);
    // A tick gathers what arrives within `flushMs` of its first event. (Sending at once after a quiet
    // spell was tried: more, smaller chunks to every listener, and the benchmark's latency rose.)
    this.#tickTimer ??= setTimeout(() => this.#flush(), this.flushMs);
  }

  /** Hands this tick's events, joined into one chunk once, to every listener. */
  #flush(): void {
    this.#tickTimer = null;
    const events = this.#tick;
    this.#tick = [];
    if (events.length === 0 || this.listeners.size === 0) return;
    if (this.stamps) {
      const f = stampNow();
      for (const e of events) {
        const t = e.data._t as Record<string, number> | undefined;
        if (t) {
          t.f = f;
          e.frame = frameOf(e.seq, e.type, e.data);
        }
      }
    }
    const tick: Tick = { events, chunk: framesOf(events) };
    for (const l of this.listeners) {
      if (l.catchingUp) continue;
      l.pushTick(tick);
      if (l.closed) this.listeners.delete(l); // overflowed: it drains, then reconnects
    }
  }

  /** Queues the buffered events after `after` to `l`; false when the buffer no longer reaches back. */
  replayTo(l: Listener, after: number): boolean {
    if (after < this.evictedUpTo) return false;
    // Binary search for the first seq > after.
    let lo = 0;
    let hi = this.buffer.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.buffer[mid]!.seq <= after) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.buffer.length; i++) l.push(this.buffer[i]!);
    return true;
  }

  stop(): void {
    if (this.#tickTimer) clearTimeout(this.#tickTimer);
    this.#stop?.();
  }
}

/** Every feed of this instance. */
export class LiveHub {
  readonly #feeds = new Map<string, Feed>();
  #sweeper: ReturnType<typeof setInterval>;

  constructor(
    private readonly bus: EventBus,
    private readonly log: EventLog,
    private readonly options: {
      bufferSize?: number;
      idleMs?: number;
      maxQueue?: number;
      flushMs?: number;
      /** Diagnostics (`LIVE_STAGE_STAMPS`): stage stamps on totals, and listeners' write waits logged. */
      stamps?: boolean;
    } = {},
  ) {
    this.#sweeper = setInterval(() => this.#sweep(), 5_000);
  }

  /** Diagnostics: how long chunks waited between their tick and their listener's write (ms), since the last log. */
  #writeWaits: number[] = [];
  #lastWaitLog = performance.now();
  readonly #onTake = (waitedMs: number) => {
    this.#writeWaits.push(waitedMs);
    const now = performance.now();
    if (now - this.#lastWaitLog < 5_000) return;
    const w = this.#writeWaits.sort((a, b) => a - b);
    const at = (p: number) => Math.round(w[Math.min(w.length - 1, Math.floor(p * w.length))]! * 10) / 10;
    this.log.info("live write wait", {
      chunks: w.length,
      p50Ms: at(0.5),
      p90Ms: at(0.9),
      p99Ms: at(0.99),
      maxMs: at(1),
    });
    this.#writeWaits = [];
    this.#lastWaitLog = now;
  };

  #sweep(): void {
    const now = Date.now();
    for (const [id, f] of this.#feeds) {
      if (f.listeners.size === 0 && f.idleSince && now - f.idleSince > (this.options.idleMs ?? 30_000)) {
        f.stop();
        this.#feeds.delete(id);
      }
    }
  }

  /**
   * Joins a session's stream. Without `lastEventId`, events from now on; with it, every event
   * after it first (from the buffer, or read again from JetStream), then live. The listener leaves
   * when `signal` aborts (even during the catch-up) and when the catch-up fails.
   */
  async join(
    sessionId: string,
    lastEventId?: number,
    signal?: AbortSignal,
  ): Promise<{ listener: Listener; leave(): void }> {
    let feed = this.#feeds.get(sessionId);
    if (!feed) {
      feed = new Feed(
        this.bus,
        sessionId,
        this.options.bufferSize ?? 20_000,
        this.log,
        this.options.flushMs ?? 0,
        this.options.stamps ?? false,
      );
      this.#feeds.set(sessionId, feed);
      feed.ready.catch(() => this.#feeds.delete(sessionId));
    }
    await feed.ready;
    const f = feed;
    const listener = new Listener(
      lastEventId ?? f.lastSeq,
      this.options.maxQueue,
      this.options.stamps ? this.#onTake : undefined,
    );
    const leave = () => {
      listener.close();
      f.listeners.delete(listener);
      if (f.listeners.size === 0) f.idleSince = Date.now();
    };
    signal?.addEventListener("abort", leave, { once: true });
    if (signal?.aborted) leave();
    f.idleSince = 0;
    if (listener.closed) return { listener, leave };
    if (lastEventId !== undefined && !f.replayTo(listener, lastEventId)) {
      listener.catchingUp = true;
      f.listeners.add(listener);
      try {
        // Read the missed events from JetStream until the buffer reaches back to where we are.
        do {
          await this.#catchUp(sessionId, listener);
        } while (!listener.closed && !f.replayTo(listener, listener.lastSeq));
      } catch (err) {
        leave();
        throw err;
      } finally {
        listener.catchingUp = false;
      }
      if (listener.closed) f.listeners.delete(listener);
    } else {
      f.listeners.add(listener);
    }
    return { listener, leave };
  }

  async #catchUp(sessionId: string, l: Listener): Promise<void> {
    const consumer = await this.bus.js.consumers.get(liveStream, {
      filter_subjects: subjectOf(sessionId),
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: l.lastSeq + 1,
    });
    try {
      let pending = (await consumer.info()).num_pending;
      while (pending > 0 && !l.closed) {
        const m = await consumer.next({ expires: 5_000 });
        if (!m) break;
        l.push(toEvent(m));
        pending = m.info.pending;
      }
    } finally {
      await consumer.delete().catch(() => {});
    }
  }

  /** Listeners of a session on this instance. */
  listenerCount(sessionId: string): number {
    return this.#feeds.get(sessionId)?.listeners.size ?? 0;
  }

  close(): void {
    clearInterval(this.#sweeper);
    for (const f of this.#feeds.values()) {
      for (const l of f.listeners) l.close();
      f.stop();
    }
    this.#feeds.clear();
  }
}
