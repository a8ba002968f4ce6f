/**
 * Live Q&A under load: 1,000 SSE listeners on one session (split over two sessions-service
 * processes) while 5,000 votes and 500 questions arrive within 10 s. Checks that no update is
 * lost or duplicated and that every listener ends with the exact vote totals; measures the time
 * from a vote being accepted (its HTTP answer) to each listener holding that total or a newer
 * one, and the votes accepted per second.
 */
import { signedAudienceToken } from "../sessions/_audience_token.ts";
import { issueToken } from "@yibao/kit";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { spawnService, waitReady } from "../../deploy/local/dev/services.ts";
import { suite } from "../../deploy/local/dev/suite.ts";
import { benchGraph, benchServiceEnv } from "./servers.ts";
import { stageNames } from "./_sessions_stages.ts";
import { jitMs, jvmThreads, jvmThreadsDiff } from "./jvm_threads.ts";

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A distinct private address for simulated audience member `n`. */
function memberAddress(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** CPU seconds (user + system) a process has used so far, from /proc (NaN where it is absent). */
function processCpuS(pid: number | "self"): number {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/** The processes serving this run's graph and bus, found by their ports in /proc (null where absent). */
function serverPids(env: Record<string, string>): { neo4j: number | null; nats: number | null } {
  const portOf = (uri: string | undefined) =>
    uri ? new URL(uri.split(",")[0]!.replace(/^[a-z+]+:/, "http:")).port : "";
  const bolt = portOf(env.YIBAO_TEST_NEO4J_URI);
  const nats = portOf(env.YIBAO_TEST_NATS_URL);
  const out = { neo4j: null as number | null, nats: null as number | null };
  try {
    for (const e of Deno.readDirSync("/proc")) {
      if (!/^\d+$/.test(e.name)) continue;
      try {
        const cmd = Deno.readTextFileSync(`/proc/${e.name}/cmdline`).split("\0");
        if (cmd.some((a) => a.includes("neo4j-launcher")) && cmd.join(" ").includes(`--port ${bolt} `)) {
          out.neo4j = Number(e.name);
        }
        const conf = cmd.find((a) => a.endsWith("nats-server.conf"));
        if (
          cmd[0]?.endsWith("nats-server") && conf &&
          Deno.readTextFileSync(conf).includes(`listen: "127.0.0.1:${nats}"`)
        ) out.nats = Number(e.name);
      } catch { /* gone meanwhile */ }
    }
  } catch { /* no /proc */ }
  return out;
}

/** Watches this thread's event-loop lag (a 20 ms timer's lateness) until `stop()`. */
function loopLag(): { stop(): { mean: number; max: number } } {
  let last = performance.now();
  let sum = 0;
  let max = 0;
  let n = 0;
  const timer = setInterval(() => {
    const t = performance.now();
    const late = Math.max(0, t - last - 20);
    last = t;
    sum += late;
    max = Math.max(max, late);
    n++;
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      return { mean: n ? sum / n : 0, max };
    },
  };
}

/** The scenario's size. */
export interface SessionsBenchOptions {
  listeners: number;
  votes: number;
  questions: number;
  seconds: number;
  seedQuestions: number;
  /** sessions-service processes (the listeners are split evenly over them) */
  instances?: number;
  /** worker threads reading the listeners' streams */
  listenerWorkers?: number;
  /**
   * Requests in flight at most (default: one per listener, as an audience of that size sends; was a
   * fixed 128, which made the sender wait on the answers instead of offering the rate).
   * BENCH_VOTE_IN_FLIGHT overrides it.
   */
  maxInFlight?: number;
}

/** Runs the scenario; returns the figures. */
export async function sessionsBench(env: Record<string, string>, options: SessionsBenchOptions = {
  listeners: 1_000,
  votes: 5_000,
  questions: 500,
  seconds: 10,
  seedQuestions: 50,
}) {
  const spec = suite.find((s) => s.name === "sessions")!;
  const tmp = await Deno.makeTempDir({ prefix: "yibao-sessions-bench-" });
  const secret = "bench-secret-bench-secret-bench-secret-00";
  const instances = options.instances ?? 2;
  const procs = Array.from({ length: instances }, (_, i) => i).map((i) =>
    spawnService(spec, {
      port: freePort(),
      env: benchServiceEnv(env, {
        AUTH_TOKEN_SECRET: secret,
        QUESTION_RATE_PER_SESSION: "100000",
        // thousands of simulated audience members come from this one machine, each with its own address
        SESSIONS_TRUSTED_PROXIES: "127.0.0.1,::1",
        // BENCH_LIVE_FLUSH_MS: the broadcast's tick (the service's default, LIVE_FLUSH_MS, otherwise)
        ...(Deno.env.get("BENCH_LIVE_FLUSH_MS")
          ? { LIVE_FLUSH_MS: Deno.env.get("BENCH_LIVE_FLUSH_MS")! }
          : {}),
        // BENCH_STAGES=1: totals carry stage stamps and the report splits the latency by stage
        LIVE_STAGE_STAMPS: Deno.env.get("BENCH_STAGES") === "1" ? "1" : "0",
        // BENCH_LOG_LEVEL=info (with BENCH_KEEP_LOGS=1) keeps the vote applier's figures every 10 s
        LOG_LEVEL: Deno.env.get("BENCH_LOG_LEVEL") ?? "warn",
        // BENCH_VOTE_PARTITIONS: partitions of the vote stream (the service's default otherwise)
        ...(Deno.env.get("BENCH_VOTE_PARTITIONS")
          ? { VOTE_PARTITIONS: Deno.env.get("BENCH_VOTE_PARTITIONS")! }
          : {}),
      }),
      logFile: `${tmp}/sessions-${i}.log`,
    })
  );
  const abort = new AbortController();
  const workers: Worker[] = [];
  try {
    for (const [i, p] of procs.entries()) await waitReady(p, 60_000, `${tmp}/sessions-${i}.log`);
    const urls = procs.map((p) => p.url);
    // a host of this run's own: runs in one bench (sessions-scale) must not clash in the schedule
    const host = await issueToken(secret, {
      sub: `bench-host-${crypto.randomUUID().slice(0, 8)}`,
      role: "host",
      name: "压测主播",
    });
    const graph = benchGraph(env);
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
      const r = await post(urls[i % urls.length]!, `/v1/sessions/${sid}/questions`, {
        text: `预置问题 ${i}：医保第${i}项待遇怎么享受？`,
      }, {
        "x-client-token": signedAudienceToken(secret, `bench-seed-asker-${i}`),
        "x-forwarded-for": memberAddress(100_000 + i),
      });
      seedIds.push(r.body.question.id);
    }

    // The listeners, spread evenly over the instances, read by worker threads (two by default).
    const listenerWorkers = Number(Deno.env.get("BENCH_LISTENER_WORKERS") ?? options.listenerWorkers ?? 2);
    for (let i = 0; i < listenerWorkers; i++) {
      workers.push(
        new Worker(new URL("./sessions_bench_listeners.ts", import.meta.url).href, { type: "module" }),
      );
    }
    const ask = <T>(w: Worker, msg: unknown, transfer: Transferable[] = []) =>
      new Promise<T>((resolve) => {
        w.onmessage = (e) => resolve(e.data as T);
        w.postMessage(msg, transfer);
      });
    const connectStart = performance.now();
    await Promise.all(workers.map((w, i) =>
      ask(w, {
        type: "start",
        urls: [...urls.slice(i % urls.length), ...urls.slice(0, i % urls.length)],
        path: `/v1/sessions/${sid}/events`,
        count: options.listeners / workers.length,
      })
    ));
    const connectS = (performance.now() - connectStart) / 1000;
    await new Promise((r) => setTimeout(r, 500));
    const now = () => performance.timeOrigin + performance.now();
    // CPU from here (votes start) to every listener settled: the listener clients' threads, the
    // whole bench process (the sender is the rest of it), and each sessions instance.
    const cpuOf = async () => ({
      wallS: performance.now() / 1000,
      ...(await (async () => {
        const rs = await Promise.all(
          workers.map((w) => ask<{ cpuS: number; parseS: number }>(w, { type: "cpu" })),
        );
        return { workers: rs.map((r) => r.cpuS), parseS: rs.reduce((a, r) => a + r.parseS, 0) };
      })()),
      bench: processCpuS("self"),
      services: procs.map((p) => processCpuS(p.process.pid)),
      neo4j: servers.neo4j === null ? NaN : processCpuS(servers.neo4j),
      neo4jThreads: jvmThreads(servers.neo4j),
      nats: servers.nats === null ? NaN : processCpuS(servers.nats),
    });
    const servers = serverPids(env);
    const batchesStart = await questionBatches(urls);
    const cpuStart = await cpuOf();
    const senderLoop = loopLag();

    // 5,500 requests spread evenly over 10 s, at most one in flight per listener (an audience member
    // waits for their own answer, not for everyone's).
    const maxInFlight = Number(
      Deno.env.get("BENCH_VOTE_IN_FLIGHT") ?? options.maxInFlight ?? options.listeners,
    );
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
    // 202: received into the vote stream, its verdict not back within VOTE_VERDICT_WAIT_MS (counted later)
    let votesReceived = 0;
    const voteRtts: number[] = [];
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
      while (inFlight >= maxInFlight) await new Promise((r) => setTimeout(r, 1));
      const job = jobs[i]!;
      const url = urls[i % urls.length]!;
      inFlight++;
      all.push((async () => {
        try {
          if (job.kind === "vote") {
            const sent = now();
            firstVoteAt = Math.min(firstVoteAt, sent);
            const r = await post(url, `/v1/questions/${job.q}/votes`, {}, {
              "x-client-token": signedAudienceToken(secret, `bench-voter-${job.voter}`),
              "x-forwarded-for": memberAddress(job.voter),
            });
            if (r.status === 202) {
              votesReceived++;
              lastVoteAt = Math.max(lastVoteAt, now());
            } else if (r.status !== 200) voteErrors++;
            else {
              const at = now();
              voteRtts.push(at - sent);
              lastVoteAt = Math.max(lastVoteAt, at);
              accepted.push({ q: job.q, revision: r.body.revision, at });
            }
          } else {
            const r = await post(url, `/v1/sessions/${sid}/questions`, {
              text: `第${job.n}个现场提问：我在外地打工，医保怎么转移？编号${job.n}`,
            }, {
              "x-client-token": signedAudienceToken(secret, `bench-asker-${job.n}`),
              "x-forwarded-for": memberAddress(200_000 + job.n),
            });
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
    const batchesEnd = await questionBatches(urls);

    // The exact totals, from the API (once the applier has applied every vote received: two reads agree).
    const truth = new Map<string, number>();
    const list = async () =>
      await (await fetch(`${urls[0]}/v1/sessions/${sid}/questions?limit=500&sort=votes`)).json() as {
        items: { id: string; votes: number }[];
      };
    const sumOf = (l: { items: { votes: number }[] }) => l.items.reduce((a, q) => a + q.votes, 0);
    let listing = await list();
    for (const quiet = performance.now(); performance.now() - quiet < 30_000;) {
      await new Promise((r) => setTimeout(r, 500));
      const again = await list();
      const same = sumOf(again) === sumOf(listing);
      listing = again;
      if (same) break;
    }
    for (const q of listing.items) truth.set(q.id, q.votes);
    // Wait (bounded) for every listener to hold every final total and every new question.
    const truthList = [...truth.entries()];
    const settled = async () =>
      (await Promise.all(
        workers.map((w) => ask<{ ok: boolean }>(w, { type: "settled", truth: truthList, seedIds, askedIds })),
      )).every((r) => r.ok);
    const settleStart = performance.now();
    while (!(await settled()) && performance.now() - settleStart < 30_000) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const allSettled = await settled();
    const cpuEnd = await cpuOf();
    const windowS = cpuEnd.wallS - cpuStart.wallS;
    const listenerCpuS = cpuEnd.workers.reduce((a, x, i) => a + x - cpuStart.workers[i]!, 0);
    const cpu = {
      windowS,
      listenerClientsS: listenerCpuS,
      listenerClientsCores: listenerCpuS / windowS,
      /** Of the listener clients' CPU, what parsing the events took after the votes (reads only keep bytes). */
      listenerParseS: cpuEnd.parseS - cpuStart.parseS,
      senderS: cpuEnd.bench - cpuStart.bench - listenerCpuS,
      servicesS: cpuEnd.services.map((x, i) => x - cpuStart.services[i]!),
      servicesCores: cpuEnd.services.reduce((a, x, i) => a + x - cpuStart.services[i]!, 0) / windowS,
      neo4jCores: (cpuEnd.neo4j - cpuStart.neo4j) / windowS,
      /** Neo4j's cores by thread kind: JIT compiler, GC, Bolt workers and I/O (the queries), other. */
      neo4jThreadsCores: ((d) => ({
        jit: jitMs(d) / 1000 / windowS,
        gc: (d.GC ?? 0) / 1000 / windowS,
        bolt: (d["queries (Bolt workers)"] ?? 0) / 1000 / windowS,
        other: ((d.other ?? 0) + (d["index population and sampling"] ?? 0)) / 1000 / windowS,
      }))(jvmThreadsDiff(cpuStart.neo4jThreads, cpuEnd.neo4jThreads, (cpuEnd.neo4j - cpuStart.neo4j) * 1000)),
      natsCores: (cpuEnd.nats - cpuStart.nats) / windowS,
    };
    // Latency: for each accepted vote and each listener, when it first held that revision or a newer one.
    type Result = {
      samples: Float64Array;
      missing: number;
      wrongTotals: number;
      duplicates: number;
      outOfOrder: number;
      questionDupes: number;
      events: number;
      stale: number;
      staged: Float64Array[];
      reads: number;
      loopLagMeanMs: number;
      loopLagMaxMs: number;
    };
    const results = await Promise.all(
      workers.map((w) => ask<Result>(w, { type: "finish", truth: truthList, seedIds, accepted })),
    );
    const n = results.reduce((a, r) => a + r.samples.length, 0);
    const lat = new Float64Array(n);
    let at = 0;
    for (const r of results) {
      lat.set(r.samples, at);
      at += r.samples.length;
    }
    lat.sort();
    const sum = (k: keyof Omit<Result, "samples" | "staged">) => results.reduce((a, r) => a + r[k], 0);
    const senderLag = senderLoop.stop();
    const wrongTotals = sum("wrongTotals");
    const missing = sum("missing");
    const totalVotes = [...truth.values()].reduce((a, b) => a + b, 0);
    return {
      listeners: options.listeners,
      instances: procs.length,
      cpu,
      connectS,
      offered: { votes: options.votes, questions: options.questions, seconds: options.seconds, maxInFlight },
      sendS,
      votesAccepted: accepted.length,
      votesReceived,
      voteErrors,
      voteRoundTrip: (() => {
        const xs = Float64Array.from(voteRtts).sort();
        return { p50Ms: percentile(xs, 50), p99Ms: percentile(xs, 99) };
      })(),
      questionsAccepted: askedIds.length,
      askErrors,
      /** The transactions that wrote the offered questions, over all instances. */
      questionBatches: {
        batches: batchesEnd.batches - batchesStart.batches,
        questions: batchesEnd.questions - batchesStart.questions,
      },
      votesPerSecondAccepted: (accepted.length + votesReceived) / ((lastVoteAt - firstVoteAt) / 1000),
      totalVotesInGraph: totalVotes,
      allSettled,
      wrongTotals,
      duplicates: sum("duplicates"),
      outOfOrder: sum("outOfOrder"),
      questionDupes: sum("questionDupes"),
      eventsPerListener: sum("events") / options.listeners,
      staleTotalsReceived: sum("stale"),
      stages: stageSplit(results.map((r) => r.staged)),
      // the clients' own delays: the listener workers' and the sender's event-loop lag, and how many
      // events a listener's read returns (above one: the client reads later than the server writes)
      clients: {
        listenerLoopLagMeanMs: sum("loopLagMeanMs") / results.length,
        listenerLoopLagMaxMs: Math.max(...results.map((r) => r.loopLagMaxMs)),
        senderLoopLagMeanMs: senderLag.mean,
        senderLoopLagMaxMs: senderLag.max,
        eventsPerRead: sum("events") / sum("reads"),
      },
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
    for (const w of workers) w.terminate();
    for (const p of procs) {
      try {
        p.process.kill("SIGTERM");
      } catch {
        // gone
      }
      await p.process.status;
    }
    if (Deno.env.get("BENCH_KEEP_LOGS")) console.error(`logs in ${tmp}`);
    else await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

/**
 * The latency split by stage (BENCH_STAGES=1): for the samples around the median latency (45th–55th
 * percentile) and those at or above the 99th, the mean of each stage; and each stage's own p50 and p99.
 */
function stageSplit(parts: Float64Array[][]) {
  const columns = stageNames.length + 1;
  const cols = Array.from({ length: columns }, (_, c) => {
    const xs = parts.flatMap((p) => [...(p[c] ?? [])]);
    return xs;
  });
  const n = cols[0]!.length;
  if (n === 0) return null;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => cols[0]![a]! - cols[0]![b]!);
  const meanOver = (from: number, to: number) =>
    cols.map((col) => {
      const idx = order.slice(from, Math.max(from + 1, to));
      return idx.reduce((a, i) => a + col[i]!, 0) / idx.length;
    });
  const own = cols.map((col) => {
    const xs = Float64Array.from(col).sort();
    return { p50: percentile(xs, 50), p99: percentile(xs, 99) };
  });
  return {
    samples: n,
    names: ["latency", ...stageNames],
    atMedian: meanOver(Math.floor(n * 0.45), Math.ceil(n * 0.55)),
    atP99: meanOver(Math.floor(n * 0.99), n),
    own,
  };
}

/** The report lines of one run. */
export function sessionsReport(sb: Awaited<ReturnType<typeof sessionsBench>>): string[] {
  const f = (n: number, d = 1) => n.toFixed(d);
  return [
    `Live Q&A (${sb.listeners} SSE listeners over ${sb.instances} instance${
      sb.instances > 1 ? "s" : ""
    }; ${sb.offered.votes} votes and ${sb.offered.questions} questions offered over ${sb.offered.seconds} s, at most ${sb.offered.maxInFlight} requests in flight):`,
    `  sent in ${
      f(sb.sendS)
    } s; accepted ${sb.votesAccepted} votes with their verdict (200) + ${sb.votesReceived} received without (202), ${sb.voteErrors} errors; ${sb.questionsAccepted} questions (${sb.askErrors} errors); ${
      f(sb.votesPerSecondAccepted, 0)
    } votes/s accepted (aim: the offered ${f(sb.offered.votes / sb.offered.seconds, 0)}/s)`,
    `  the questions went in ${sb.questionBatches.batches} transactions (${
      f(sb.questionBatches.questions / Math.max(1, sb.questionBatches.batches), 2)
    } questions each: those that arrive while an instance's batch commits share the next)`,
    `  a vote's answer (sent → 200 with its verdict): p50 ${f(sb.voteRoundTrip.p50Ms, 1)} ms, p99 ${
      f(sb.voteRoundTrip.p99Ms, 1)
    } ms`,
    `  every listener settled on the exact totals: ${
      sb.allSettled && sb.wrongTotals === 0
    }; duplicates ${sb.duplicates}, out of order ${sb.outOfOrder}, question events twice ${sb.questionDupes}; ${
      f(sb.eventsPerListener, 0)
    } events per listener (vote totals coalesce per tick)`,
    `  vote accepted → listener holds that total: p50 ${f(sb.latency.p50Ms, 1)} ms, p90 ${
      f(sb.latency.p90Ms, 1)
    } ms, p99 ${f(sb.latency.p99Ms, 1)} ms, max ${
      f(sb.latency.maxMs, 1)
    } ms over ${sb.latency.samples} (vote, listener) pairs, ${sb.latency.missing} missing (aim p99 ≤ 200 ms)`,
    `  CPU over the ${f(sb.cpu.windowS)} s from the first vote to every listener settled: listener clients ${
      f(sb.cpu.listenerClientsS)
    } s (${f(sb.cpu.listenerClientsCores, 2)} cores; ${
      f(sb.cpu.listenerParseS)
    } s of it parsing the events once the votes were sent); vote sender ${
      f(sb.cpu.senderS)
    } s; sessions instances ${sb.cpu.servicesS.map((x) => f(x)).join(" + ")} s (${
      f(sb.cpu.servicesCores, 2)
    } cores); Neo4j ${f(sb.cpu.neo4jCores, 2)} cores (JIT compiler ${
      f(sb.cpu.neo4jThreadsCores.jit, 2)
    }, Bolt ${f(sb.cpu.neo4jThreadsCores.bolt, 2)}, GC ${f(sb.cpu.neo4jThreadsCores.gc, 2)}), NATS ${
      f(sb.cpu.natsCores, 2)
    } cores — of the machine's 2 cores`,
    `  the clients: listener workers' event loop late by ${
      f(sb.clients.listenerLoopLagMeanMs)
    } ms on average (max ${f(sb.clients.listenerLoopLagMaxMs)}), the sender's by ${
      f(sb.clients.senderLoopLagMeanMs)
    } ms (max ${f(sb.clients.senderLoopLagMaxMs)}); ${
      f(sb.clients.eventsPerRead, 2)
    } events per read of a listener's body`,
    ...(sb.stages
      ? [
        `  the latency by stage (BENCH_STAGES=1; ${sb.stages.samples} samples of every tenth listener; ms): stage — mean around the median latency / mean at or above its p99 / the stage's own p50, p99`,
        ...sb.stages.names.map((name, i) =>
          `    ${name}: ${f(sb.stages!.atMedian[i]!)} / ${f(sb.stages!.atP99[i]!)} / ${
            f(sb.stages!.own[i]!.p50)
          }, ${f(sb.stages!.own[i]!.p99)}`
        ),
      ]
      : []),
    "",
  ];
}

/**
 * A round before the measured one: the same votes and questions to 100 listeners, on a session and
 * instances of its own. The test servers' Neo4j was started for this run: in the first round of votes
 * its JIT compiler took half a core, in the second a quarter (the query paths' Java code compiled for
 * the first time), which a deployed, long-running Neo4j does not spend. Its figures are reported, not
 * measured against the aims.
 */
export async function sessionsWarmup(env: Record<string, string>) {
  const r = await sessionsBench(env, {
    listeners: 100,
    votes: 5_000,
    questions: 500,
    seconds: 10,
    seedQuestions: 50,
  });
  return {
    votesPerSecondAccepted: r.votesPerSecondAccepted,
    p99Ms: r.latency.p99Ms,
    neo4jCores: r.cpu.neo4jCores,
    neo4jJitCores: r.cpu.neo4jThreadsCores.jit,
  };
}

/** The question batches the instances at `urls` have written so far, from their `/metrics`. */
async function questionBatches(urls: string[]): Promise<{ batches: number; questions: number }> {
  let batches = 0;
  let questions = 0;
  for (const url of urls) {
    const text = await (await fetch(`${url}/metrics`)).text();
    batches += Number(/^sessions_question_batches_total (\d+)$/m.exec(text)?.[1] ?? NaN);
    questions += Number(/^sessions_question_batch_questions_total (\d+)$/m.exec(text)?.[1] ?? NaN);
  }
  return { batches, questions };
}

/** The report line of the warm-up round. */
export function sessionsWarmupReport(w: Awaited<ReturnType<typeof sessionsWarmup>>): string {
  return `  a warm-up round before it (100 listeners, the same votes and questions; not measured): ${
    w.votesPerSecondAccepted.toFixed(0)
  } votes/s, p99 ${w.p99Ms.toFixed(0)} ms, Neo4j ${w.neo4jCores.toFixed(2)} cores of which its JIT compiler ${
    w.neo4jJitCores.toFixed(2)
  }`;
}

/**
 * Listeners per instance: the same votes and questions to more listeners — 5,000 over two
 * instances (2,500 each), then 1,000 on one instance — beside the `sessions` part's 500 per
 * instance, so the cost of a listener shows apart from the cost of a vote.
 */
export async function sessionsScaleBench(env: Record<string, string>) {
  const base = { votes: 5_000, questions: 500, seconds: 10, seedQuestions: 50 };
  const runs: { listeners: number; instances: number; listenerWorkers: number }[] = [
    { listeners: 5_000, instances: 2, listenerWorkers: 2 },
    { listeners: 1_000, instances: 1, listenerWorkers: 2 },
  ];
  const out = [];
  for (const r of runs) out.push(await sessionsBench(env, { ...base, ...r }));
  return out;
}
