/**
 * Live Q&A under load: 1,000 SSE listeners on one session (split over two sessions-service
 * processes) while 5,000 votes and 500 questions arrive within 10 s. Checks that no update is
 * lost or duplicated and that every listener ends with the exact vote totals; measures the time
 * from a vote being accepted (its HTTP answer) to each listener holding that total or a newer
 * one, and the votes accepted per second.
 */
import { issueToken } from "@yibao/kit";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { spawnService, waitReady } from "../../deploy/local/dev/services.ts";
import { suite } from "../../deploy/local/dev/suite.ts";
import { createGraph } from "@yibao/graph";
import { benchServiceEnv } from "./servers.ts";

interface Listener {
  /** Per question: revisions seen in order, with when. */
  seen: Map<string, { revision: number[]; at: number[]; votes: number[] }>;
  questions: Map<string, number>;
  lastId: number;
  outOfOrder: number;
  duplicates: number;
  events: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function listen(url: string, l: Listener, signal: AbortSignal): Promise<void> {
  const res = await fetch(url, { signal });
  if (res.status !== 200) throw new Error(`SSE ${res.status}`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  (async () => {
    try {
      while (true) {
        const { value, done } = await reader.read();
        if (done) break;
        const now = performance.now();
        buf += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (!block.startsWith("id: ")) continue;
          const nl = block.indexOf("\n");
          const id = Number(block.slice(4, nl));
          const rest = block.slice(nl + 1);
          const nl2 = rest.indexOf("\n");
          const type = rest.slice(7, nl2);
          const json = rest.slice(nl2 + 7);
          if (id === l.lastId) l.duplicates++;
          else if (id < l.lastId) l.outOfOrder++;
          l.lastId = id;
          l.events++;
          if (type === "votes") {
            // {"questionId":"…","votes":N,"revision":R}, read without JSON.parse: the client shares the cores.
            const q = json.slice(15, json.indexOf('"', 15));
            const v = json.indexOf('"votes":') + 8;
            const votes = parseInt(json.slice(v), 10);
            const r = json.indexOf('"revision":') + 11;
            const revision = parseInt(json.slice(r), 10);
            let s = l.seen.get(q);
            if (!s) l.seen.set(q, s = { revision: [], at: [], votes: [] });
            s.revision.push(revision);
            s.at.push(now);
            s.votes.push(votes);
          } else if (type === "question") {
            const id = JSON.parse(json).id as string;
            l.questions.set(id, (l.questions.get(id) ?? 0) + 1);
          }
        }
      }
    } catch {
      // aborted at the end
    }
  })();
}

/** Runs the scenario; returns the figures. */
export async function sessionsBench(env: Record<string, string>, options = {
  listeners: 1_000,
  votes: 5_000,
  questions: 500,
  seconds: 10,
  seedQuestions: 50,
}) {
  const spec = suite.find((s) => s.name === "sessions")!;
  const tmp = await Deno.makeTempDir({ prefix: "yibao-sessions-bench-" });
  const secret = "bench-secret-bench-secret-bench-secret-00";
  const procs = [0, 1].map((i) =>
    spawnService(spec, {
      port: freePort(),
      env: benchServiceEnv(env, { AUTH_TOKEN_SECRET: secret, QUESTION_RATE_PER_SESSION: "100000" }),
      logFile: `${tmp}/sessions-${i}.log`,
    })
  );
  const abort = new AbortController();
  try {
    for (const [i, p] of procs.entries()) await waitReady(p, 60_000, `${tmp}/sessions-${i}.log`);
    const urls = procs.map((p) => p.url);
    const host = await issueToken(secret, { sub: "bench-host", role: "host", name: "压测主播" });
    const graph = createGraph({
      uri: env.YIBAO_TEST_NEO4J_URI!,
      user: "neo4j",
      password: env.YIBAO_TEST_NEO4J_PASSWORD!,
      database: "neo4j",
    });
    await graph.write((tx) =>
      tx.run("MERGE (t:Topic {id: 'benchTopic'}) SET t.nameZh = '压测', t.nameEn = 'Bench'")
    );
    await graph.close();
    const post = async (url: string, path: string, body: unknown, headers: Record<string, string>) => {
      const r = await fetch(url + path, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: await r.json() };
    };
    const session = await post(urls[0]!, "/v1/sessions", {
      title: "压测专场",
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      durationMinutes: 120,
      channel: "app",
      channelAccount: `bench-${crypto.randomUUID()}`,
      topics: ["benchTopic"],
      region: "110000",
    }, { authorization: `Bearer ${host}` });
    if (session.status !== 201) throw new Error(`session: ${JSON.stringify(session.body)}`);
    const sid = session.body.id as string;
    const seedIds: string[] = [];
    for (let i = 0; i < options.seedQuestions; i++) {
      const r = await post(urls[i % 2]!, `/v1/sessions/${sid}/questions`, {
        text: `预置问题 ${i}：医保第${i}项待遇怎么享受？`,
      }, {
        "x-client-token": `bench-seed-asker-${i}-xxxxxxxx`,
      });
      seedIds.push(r.body.question.id);
    }

    // 1,000 listeners, half on each instance.
    const listeners: Listener[] = Array.from({ length: options.listeners }, () => ({
      seen: new Map(),
      questions: new Map(),
      lastId: 0,
      outOfOrder: 0,
      duplicates: 0,
      events: 0,
    }));
    const connectStart = performance.now();
    for (let i = 0; i < listeners.length; i += 50) {
      await Promise.all(
        listeners.slice(i, i + 50).map((l, j) =>
          listen(`${urls[(i + j) % 2]}/v1/sessions/${sid}/events`, l, abort.signal)
        ),
      );
    }
    const connectS = (performance.now() - connectStart) / 1000;
    await new Promise((r) => setTimeout(r, 500));

    // 5,500 requests spread evenly over 10 s, at most 128 in flight.
    type Job = { kind: "vote"; q: string; voter: number } | { kind: "ask"; n: number };
    const jobs: Job[] = [];
    for (let i = 0; i < options.votes; i++) {
      jobs.push({ kind: "vote", q: seedIds[i % seedIds.length]!, voter: i });
    }
    for (let i = 0; i < options.questions; i++) {
      jobs.splice(Math.floor((i * jobs.length) / options.questions) + i, 0, { kind: "ask", n: i });
    }
    const accepted: { q: string; revision: number; at: number }[] = [];
    let voteErrors = 0;
    let askErrors = 0;
    const askedIds: string[] = [];
    const interval = (options.seconds * 1000) / jobs.length;
    const start = performance.now();
    let firstVoteAt = Infinity;
    let lastVoteAt = 0;
    let inFlight = 0;
    const all: Promise<void>[] = [];
    for (let i = 0; i < jobs.length; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      while (inFlight >= 128) await new Promise((r) => setTimeout(r, 1));
      const job = jobs[i]!;
      const url = urls[i % 2]!;
      inFlight++;
      all.push((async () => {
        try {
          if (job.kind === "vote") {
            const sent = performance.now();
            firstVoteAt = Math.min(firstVoteAt, sent);
            const r = await post(url, `/v1/questions/${job.q}/votes`, {}, {
              "x-client-token": `bench-voter-${job.voter}-xxxxxxxx`,
            });
            if (r.status !== 200) voteErrors++;
            else {
              const at = performance.now();
              lastVoteAt = Math.max(lastVoteAt, at);
              accepted.push({ q: job.q, revision: r.body.revision, at });
            }
          } else {
            const r = await post(url, `/v1/sessions/${sid}/questions`, {
              text: `第${job.n}个现场提问：我在外地打工，医保怎么转移？编号${job.n}`,
            }, { "x-client-token": `bench-asker-${job.n}-xxxxxxxx` });
            if (r.status !== 201) askErrors++;
            else askedIds.push(r.body.question.id);
          }
        } finally {
          inFlight--;
        }
      })());
    }
    await Promise.all(all);
    const sendS = (performance.now() - start) / 1000;

    // The exact totals, from the API.
    const truth = new Map<string, number>();
    const listing = await (await fetch(`${urls[0]}/v1/sessions/${sid}/questions?limit=500&sort=votes`))
      .json();
    for (const q of listing.items) truth.set(q.id, q.votes);
    // Wait (bounded) for every listener to hold every final total and every new question.
    const settled = () =>
      listeners.every((l) =>
        seedIds.every((q) => {
          const s = l.seen.get(q);
          return s !== undefined && s.votes.at(-1) === truth.get(q);
        }) && askedIds.every((q) => l.questions.has(q))
      );
    const settleStart = performance.now();
    while (!settled() && performance.now() - settleStart < 30_000) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const allSettled = settled();

    // Latency: for each accepted vote and each listener, when it first held that revision or a newer one.
    const samples = new Float64Array(accepted.length * listeners.length);
    let n = 0;
    let missing = 0;
    for (const l of listeners) {
      for (const v of accepted) {
        const s = l.seen.get(v.q);
        if (!s) {
          missing++;
          continue;
        }
        let lo = 0;
        let hi = s.revision.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (s.revision[mid]! < v.revision) lo = mid + 1;
          else hi = mid;
        }
        if (lo === s.revision.length) {
          missing++;
          continue;
        }
        samples[n++] = Math.max(0, s.at[lo]! - v.at);
      }
    }
    const lat = samples.subarray(0, n).sort();
    const wrongTotals = listeners.filter((l) =>
      seedIds.some((q) => l.seen.get(q)?.votes.at(-1) !== truth.get(q))
    ).length;
    const questionDupes = listeners.reduce(
      (a, l) => a + [...l.questions.values()].filter((c) => c > 1).length,
      0,
    );
    const totalVotes = [...truth.values()].reduce((a, b) => a + b, 0);
    return {
      listeners: listeners.length,
      instances: procs.length,
      connectS,
      offered: { votes: options.votes, questions: options.questions, seconds: options.seconds },
      sendS,
      votesAccepted: accepted.length,
      voteErrors,
      questionsAccepted: askedIds.length,
      askErrors,
      votesPerSecondAccepted: accepted.length / ((lastVoteAt - firstVoteAt) / 1000),
      totalVotesInGraph: totalVotes,
      allSettled,
      wrongTotals,
      duplicates: listeners.reduce((a, l) => a + l.duplicates, 0),
      outOfOrder: listeners.reduce((a, l) => a + l.outOfOrder, 0),
      questionDupes,
      eventsPerListener: listeners.reduce((a, l) => a + l.events, 0) / listeners.length,
      latency: {
        samples: n,
        missing,
        p50Ms: percentile(lat, 50),
        p90Ms: percentile(lat, 90),
        p99Ms: percentile(lat, 99),
        maxMs: lat.length ? lat[lat.length - 1]! : NaN,
      },
    };
  } finally {
    abort.abort();
    for (const p of procs) {
      try {
        p.process.kill("SIGTERM");
      } catch {
        // gone
      }
      await p.process.status;
    }
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}
