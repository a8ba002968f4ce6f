/**
 * A worker of the live Q&A benchmark: holds a share of the SSE listeners, so reading 5 million
 * events does not share one thread with sending the votes. Times are absolute
 * (`performance.timeOrigin + performance.now()`), comparable across workers.
 */
/// <reference lib="deno.worker" />
import { stageNames } from "./_sessions_stages.ts";
import { ChunkedDecoder, openEventStream } from "./plain_http.ts";

/**
 * What one listener held of one question: each newer revision and when it arrived, in growable typed
 * arrays (a listener of the bench receives thousands of totals; objects and arrays per event made the
 * clients' own garbage collection part of the measured latency).
 */
class Held {
  n = 0;
  revision = new Int32Array(16);
  at = new Float64Array(16);
  votes = new Int32Array(16);
  /** Stage stamps (BENCH_STAGES=1): five per entry, NaN where the total carried none. */
  stamps: Float64Array | null = null;

  add(revision: number, at: number, votes: number, stamps: Stamps | null): void {
    if (this.n === this.revision.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as { new (n: number): T })(a.length * 2);
        b.set(a);
        return b;
      };
      this.revision = grow(this.revision);
      this.at = grow(this.at);
      this.votes = grow(this.votes);
      if (this.stamps) this.stamps = grow(this.stamps);
    }
    if (stamps && !this.stamps) this.stamps = new Float64Array(this.revision.length * 5).fill(NaN);
    const i = this.n++;
    this.revision[i] = revision;
    this.at[i] = at;
    this.votes[i] = votes;
    if (this.stamps) {
      const o = i * 5;
      if (stamps) {
        this.stamps[o] = stamps.v;
        this.stamps[o + 1] = stamps.p;
        this.stamps[o + 2] = stamps.s;
        this.stamps[o + 3] = stamps.r;
        this.stamps[o + 4] = stamps.f;
      } else this.stamps.fill(NaN, o, o + 5);
    }
  }

  get lastRevision(): number {
    return this.n ? this.revision[this.n - 1]! : -1;
  }

  get lastVotes(): number | undefined {
    return this.n ? this.votes[this.n - 1]! : undefined;
  }
}

interface Listener {
  /** The listener's socket (closed at the end). */
  conn: Deno.Conn | null;
  /** Chunks received and not parsed yet (as read from the socket), with their arrival times. */
  chunks: Uint8Array[];
  chunkTimes: number[];
  /** Takes off the body's chunked framing (null when the body is not chunked). */
  dechunk: ChunkedDecoder | null;
  /** An unfinished event's text, and the decoder of the stream. */
  buf: string;
  decoder: TextDecoder;
  seen: Map<string, Held>;
  questions: Map<string, number>;
  lastId: number;
  outOfOrder: number;
  duplicates: number;
  events: number;
  stale: number;
}

/**
 * A total's stage stamps (BENCH_STAGES=1, the services' LIVE_STAGE_STAMPS): verdicts sent (v), publish
 * begun (p), stored in SESSION_LIVE (s), received by the instance's feed (r), its tick flushed (f); ms
 * since the epoch, like this worker's times.
 */
interface Stamps {
  v: number;
  p: number;
  s: number;
  r: number;
  f: number;
}

/** The stamps of a total (`…"_t":{"v":…,"p":…,"s":…,"r":…,"f":…}}`), read without JSON.parse. */
function stampsOf(json: string, from: number): Stamps {
  const at = (k: string) => parseFloat(json.slice(json.indexOf(`"${k}":`, from) + 4));
  return { v: at("v"), p: at("p"), s: at("s"), r: at("r"), f: at("f") };
}

const listeners: Listener[] = [];
/** Reads of the listeners' bodies (each read returns what arrived since the last one). */
let reads = 0;
/** This worker's event-loop lag: a 20 ms timer's lateness, summed, its largest, and its count. */
const lag = { sum: 0, max: 0, n: 0, last: performance.now() };
const lagTimer = setInterval(() => {
  const t = performance.now();
  const late = Math.max(0, t - lag.last - 20);
  lag.last = t;
  lag.sum += late;
  lag.max = Math.max(lag.max, late);
  lag.n++;
}, 20);
const now = () => performance.timeOrigin + performance.now();

/**
 * CPU seconds this worker's thread has used (user + system, from /proc/thread-self/stat): a
 * worker's JavaScript and its fetch bodies run on its own thread, so this is the listener clients'
 * own cost. NaN where /proc is absent.
 */
function threadCpuS(): number {
  try {
    const stat = Deno.readTextFileSync("/proc/thread-self/stat");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/**
 * Reads a listener's stream. While votes arrive a read only keeps the bytes and their arrival time
 * (what a phone's network stack does); they are parsed later, when the bench asks whether the
 * listeners have settled and at the end. Parsing 1,000 listeners' events as they came took the
 * listener clients up to 0.8 of the machine's 2 cores, so the bytes waited in the sockets for a
 * client that could not keep up, and the latency measured the clients more than the service. The
 * time an event counts as received is the arrival of the chunk that completed it, either way.
 * The stream is read from a plain socket (plain_http.ts): a `fetch` body cost about six times the
 * CPU per read.
 */
async function listen(url: string, l: Listener): Promise<void> {
  const { conn, chunked, rest } = await openEventStream(url);
  l.conn = conn;
  l.dechunk = chunked ? new ChunkedDecoder() : null;
  if (rest.length) {
    l.chunks.push(rest);
    l.chunkTimes.push(now());
  }
  (async () => {
    const buf = new Uint8Array(32 * 1024);
    try {
      while (true) {
        const k = await conn.read(buf);
        if (k === null) break;
        l.chunks.push(buf.slice(0, k));
        l.chunkTimes.push(now());
        reads++;
      }
    } catch {
      // closed at the end
    }
  })();
}

/** CPU seconds spent parsing (after the votes), part of this worker's own. */
let parseS = 0;

/**
 * Parses every listener's pending chunks, one listener at a time with a turn of the event loop in
 * between: the first check for settled listeners can come while the last totals still arrive, and
 * their reads must not wait behind seconds of parsing (their arrival times would be late).
 */
async function parseAll(): Promise<void> {
  for (const l of listeners) {
    const before = threadCpuS();
    parse(l);
    parseS += threadCpuS() - before;
    await new Promise((r) => setTimeout(r, 0));
  }
}

/** Parses what a listener has received and not parsed yet. */
function parse(l: Listener): void {
  for (let c = 0; c < l.chunks.length; c++) {
    const at = l.chunkTimes[c]!;
    const raw = l.chunks[c]!;
    for (const piece of l.dechunk ? l.dechunk.push(raw) : [raw]) {
      l.buf += l.decoder.decode(piece, { stream: true });
    }
    // Each event is read at its offsets in `buf` (no substring per line).
    const buf = l.buf;
    let from = 0;
    let i: number;
    while ((i = buf.indexOf("\n\n", from)) >= 0) {
      const start = from;
      from = i + 2;
      if (!buf.startsWith("id: ", start)) continue;
      const nl = buf.indexOf("\n", start);
      const id = parseInt(buf.slice(start + 4, nl), 10);
      const nl2 = buf.indexOf("\n", nl + 1);
      const data = nl2 + 7; // after "\ndata: "
      if (id === l.lastId) l.duplicates++;
      else if (id < l.lastId) l.outOfOrder++;
      l.lastId = id;
      l.events++;
      if (buf.startsWith("event: votes\n", nl + 1)) {
        // {"questionId":"…","votes":N,"revision":R}, read without JSON.parse.
        const q = buf.slice(data + 15, buf.indexOf('"', data + 15));
        const votes = parseInt(buf.slice(buf.indexOf('"votes":', data) + 8, i), 10);
        const revision = parseInt(buf.slice(buf.indexOf('"revision":', data) + 11, i), 10);
        let s = l.seen.get(q);
        if (!s) l.seen.set(q, s = new Held());
        // The client rule: the highest revision wins (kept increasing, for the search below).
        if (revision > s.lastRevision) {
          const t = buf.indexOf('"_t":', data);
          s.add(revision, at, votes, t < 0 || t > i ? null : stampsOf(buf, t));
        } else l.stale++;
      } else if (buf.startsWith("event: question\n", nl + 1)) {
        const qid = JSON.parse(buf.slice(data, i)).id as string;
        l.questions.set(qid, (l.questions.get(qid) ?? 0) + 1);
      }
    }
    l.buf = buf.slice(from);
  }
  l.chunks = [];
  l.chunkTimes = [];
}

self.onmessage = async (m: MessageEvent) => {
  const msg = m.data;
  if (msg.type === "start") {
    for (let i = 0; i < msg.count; i++) {
      listeners.push({
        conn: null,
        chunks: [],
        chunkTimes: [],
        dechunk: null,
        buf: "",
        decoder: new TextDecoder(),
        seen: new Map(),
        questions: new Map(),
        lastId: 0,
        outOfOrder: 0,
        duplicates: 0,
        events: 0,
        stale: 0,
      });
    }
    for (let i = 0; i < listeners.length; i += 50) {
      await Promise.all(
        listeners.slice(i, i + 50).map((l, j) =>
          listen(`${msg.urls[(i + j) % msg.urls.length]}${msg.path}`, l)
        ),
      );
    }
    self.postMessage({ type: "ready" });
  } else if (msg.type === "cpu") {
    self.postMessage({ type: "cpu", cpuS: threadCpuS(), parseS, wallS: performance.now() / 1000 });
  } else if (msg.type === "settled") {
    await parseAll();
    const truth = new Map<string, number>(msg.truth);
    const ok = listeners.every((l) =>
      (msg.seedIds as string[]).every((q) => l.seen.get(q)?.lastVotes === truth.get(q)) &&
      (msg.askedIds as string[]).every((q) => l.questions.has(q))
    );
    self.postMessage({ type: "settled", ok });
  } else if (msg.type === "finish") {
    await parseAll();
    const truth = new Map<string, number>(msg.truth);
    const accepted = msg.accepted as { q: string; revision: number; at: number }[];
    const samples = new Float64Array(accepted.length * listeners.length);
    let n = 0;
    let missing = 0;
    // the stage split of every tenth listener's samples (with stamps): the latency, then each stage
    const staged: number[][] = [[], ...stageNames.map(() => [])];
    for (const [li, l] of listeners.entries()) {
      for (const v of accepted) {
        const s = l.seen.get(v.q);
        if (!s) {
          missing++;
          continue;
        }
        let lo = 0;
        let hi = s.n;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (s.revision[mid]! < v.revision) lo = mid + 1;
          else hi = mid;
        }
        if (lo === s.n) missing++;
        else {
          samples[n++] = Math.max(0, s.at[lo]! - v.at);
          const o = lo * 5;
          if (s.stamps && !Number.isNaN(s.stamps[o]!) && li % 10 === 0) {
            const [tv, tp, ts, tr, tf] = [0, 1, 2, 3, 4].map((k) => s.stamps![o + k]!) as [
              number,
              number,
              number,
              number,
              number,
            ];
            const parts = [v.at - tv, tp - tv, ts - tp, tr - ts, tf - tr, s.at[lo]! - tf];
            staged[0]!.push(s.at[lo]! - v.at);
            parts.forEach((x, i) => staged[i + 1]!.push(i === 0 ? -x : x));
          }
        }
      }
    }
    for (const l of listeners) {
      try {
        l.conn?.close();
      } catch {
        // closed by the server already
      }
    }
    clearInterval(lagTimer);
    const result = {
      reads,
      loopLagMeanMs: lag.n ? lag.sum / lag.n : 0,
      loopLagMaxMs: lag.max,
      type: "result",
      samples: samples.slice(0, n),
      missing,
      wrongTotals: listeners.filter((l) =>
        (msg.seedIds as string[]).some((q) =>
          l.seen.get(q)?.lastVotes !== truth.get(q)
        )
      ).length,
      duplicates: listeners.reduce((a, l) => a + l.duplicates, 0),
      outOfOrder: listeners.reduce((a, l) => a + l.outOfOrder, 0),
      questionDupes: listeners.reduce((a, l) => a + [...l.questions.values()].filter((c) => c > 1).length, 0),
      events: listeners.reduce((a, l) => a + l.events, 0),
      stale: listeners.reduce((a, l) => a + l.stale, 0),
      staged: staged.map((xs) => Float64Array.from(xs)),
    };
    self.postMessage(result, [result.samples.buffer, ...result.staged.map((x) => x.buffer)]);
  }
};
