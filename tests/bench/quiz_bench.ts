/**
 * A quiz in a live session under load: 1,000 audience members answer a 5-item quiz within 10 s,
 * each item in its own request, spread over two sessions-service processes, while the host listens
 * to the live stream with the results revealed. One answer in ten is sent a second time to the
 * other instance (a phone retrying after a lost reply): it must be refused, never counted.
 *
 * Figures: answers accepted per second; time from an answer being accepted (its HTTP reply) to the
 * host's stream carrying a `pollResults` that counts it (its `asOf`, the instant the counts were
 * read, is after the reply: everything committed before it is counted) — p50 / p99; and lost or
 * double-counted answers (the host's last live results and the API's results against the answers
 * accepted).
 *
 * Items are written to the graph directly, as graph-schema/README.md describes them (the item bank's
 * API has its own tests in tests/sessions/items_test.ts).
 */
import { signedAudienceToken } from "../sessions/_audience_token.ts";
import { SseReader } from "../sessions/_sse.ts";
import { issueToken } from "@yibao/kit";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { spawnService, waitReady } from "../../deploy/local/dev/services.ts";
import { suite } from "../../deploy/local/dev/suite.ts";
import { benchGraph, benchServiceEnv } from "./servers.ts";

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A distinct private address for simulated audience member `n`. */
function memberAddress(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** The figures of one run. */
export interface QuizBenchResult {
  members: number;
  items: number;
  instances: number;
  offeredSeconds: number;
  sendS: number;
  answersAccepted: number;
  answerErrors: number;
  answersPerSecondAccepted: number;
  duplicatesSent: number;
  duplicatesRefused: number;
  countedLive: number;
  countedApi: number;
  lost: number;
  doubleCounted: number;
  countsMatch: boolean;
  resultsEvents: number;
  /** The answer requests' own time (HTTP round trip through the service and the graph). */
  answerMs: { p50: number; p99: number };
  latency: { samples: number; missing: number; p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number };
}

/** Runs the scenario; returns the figures. */
export async function quizBench(
  env: Record<string, string>,
  options = { members: 1_000, seconds: 10, duplicateEvery: 10 },
): Promise<QuizBenchResult> {
  const spec = suite.find((s) => s.name === "sessions")!;
  const tmp = await Deno.makeTempDir({ prefix: "yibao-quiz-bench-" });
  const secret = "bench-secret-bench-secret-bench-secret-00";
  const procs = [0, 1].map((i) =>
    spawnService(spec, {
      port: freePort(),
      env: benchServiceEnv(env, {
        AUTH_TOKEN_SECRET: secret,
        // thousands of simulated audience members come from this one machine, each with its own address
        SESSIONS_TRUSTED_PROXIES: "127.0.0.1,::1",
      }),
      logFile: `${tmp}/sessions-${i}.log`,
    })
  );
  let reader: SseReader | undefined;
  try {
    for (const [i, p] of procs.entries()) await waitReady(p, 60_000, `${tmp}/sessions-${i}.log`);
    const urls = procs.map((p) => p.url);
    const host = await issueToken(secret, { sub: "bench-quiz-host", role: "host", name: "测验主播" });
    const graph = benchGraph(env);
    const run = crypto.randomUUID().slice(0, 8);
    const items = Array.from({ length: 5 }, (_, i) => ({
      id: `item-bench-${run}-${i}`,
      kind: i === 4 ? "trueFalse" : "singleChoice",
      stem: `压测题目 ${i + 1}：职工医保第${i + 1}项待遇是多少？`,
      choices: JSON.stringify(
        i === 4
          ? [{ id: "true", text: "对" }, { id: "false", text: "错" }]
          : [{ id: "a", text: "甲" }, { id: "b", text: "乙" }, { id: "c", text: "丙" }, {
            id: "d",
            text: "丁",
          }],
      ),
      correctChoiceIds: [i === 4 ? "true" : "b"],
      explanation: "压测用的解释。",
    }));
    try {
      await graph.write((tx) =>
        tx.run(
          `MERGE (t:Topic {id: 'benchTopic'}) SET t.nameZh = '压测', t.nameEn = 'Bench'
           WITH t UNWIND $items AS r
           CREATE (i:Item {id: r.id, kind: r.kind, stem: r.stem, choices: r.choices,
                           correctChoiceIds: r.correctChoiceIds, explanation: r.explanation, topics: [],
                           audiences: [], anonymous: false, status: 'ready', createdBy: 'user:bench',
                           createdAt: datetime(), updatedAt: datetime(), revision: 1})`,
          { items },
        )
      );
    } finally {
      await graph.close();
    }
    const post = async (url: string, path: string, body: unknown, headers: Record<string, string>) => {
      const r = await fetch(url + path, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: await r.json() };
    };
    const auth = { authorization: `Bearer ${host}` };
    const session = await post(urls[0]!, "/v1/sessions", {
      title: "测验压测专场",
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      durationMinutes: 120,
      channel: "app",
      channelAccount: `bench-quiz-${run}`,
      topics: ["benchTopic"],
      region: "110000",
    }, auth);
    if (session.status !== 201) throw new Error(`session: ${JSON.stringify(session.body)}`);
    const sid = session.body.id as string;

    // The host listens (on the first instance) before the quiz opens.
    const resultsSeen: { asOf: number; at: number; answers: number; counts: Record<string, number>[] }[] = [];
    const res = await fetch(`${urls[0]}/v1/sessions/${sid}/events`);
    reader = new SseReader(res.body!, (e) => {
      if (e.event !== "pollResults") return;
      const d = e.data as { asOf: string; answers: number; items: { counts: Record<string, number> }[] };
      resultsSeen.push({
        asOf: Date.parse(d.asOf),
        at: Date.now(),
        answers: d.answers,
        counts: d.items.map((x) => x.counts),
      });
    });
    const launch = await post(urls[1]!, `/v1/sessions/${sid}/launches`, {
      kind: "quiz",
      itemIds: items.map((i) => i.id),
      resultsVisible: true,
    }, auth);
    if (launch.status !== 201) throw new Error(`launch: ${JSON.stringify(launch.body)}`);
    const lid = launch.body.id as string;
    await reader.waitFor((e) => e.event === "poll");

    // 5 answers per member, spread evenly over the seconds, at most 128 in flight; members
    // alternate instances, and every tenth answer is sent again to the other instance.
    type Job = { member: number; item: number; duplicate: boolean };
    const jobs: Job[] = [];
    for (let item = 0; item < items.length; item++) {
      for (let m = 0; m < options.members; m++) jobs.push({ member: m, item, duplicate: false });
    }
    const expected = items.map(() => ({} as Record<string, number>));
    const choose = (m: number, item: number) =>
      item === 4 ? (m % 3 === 0 ? "false" : "true") : ["a", "b", "c", "d"][(m + item) % 4]!;
    const accepted: number[] = [];
    const requestMs: number[] = [];
    let errors = 0;
    let duplicatesSent = 0;
    let duplicatesRefused = 0;
    let firstAt = Infinity;
    let lastAt = 0;
    let inFlight = 0;
    const interval = (options.seconds * 1000) / jobs.length;
    const start = performance.now();
    const all: Promise<void>[] = [];
    for (let i = 0; i < jobs.length; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      while (inFlight >= 128) await new Promise((r) => setTimeout(r, 1));
      const job = jobs[i]!;
      const choice = choose(job.member, job.item);
      const headers = {
        "x-client-token": signedAudienceToken(secret, `bench-quiz-${run}-${job.member}`),
        "x-forwarded-for": memberAddress(job.member),
      };
      const body = { itemId: items[job.item]!.id, choiceIds: [choice] };
      inFlight++;
      all.push((async () => {
        try {
          const sentAt = Date.now();
          firstAt = Math.min(firstAt, sentAt);
          const r = await post(urls[job.member % 2]!, `/v1/launches/${lid}/answers`, body, headers);
          if (r.status !== 201) {
            errors++;
            return;
          }
          const at = Date.now();
          lastAt = Math.max(lastAt, at);
          accepted.push(at);
          requestMs.push(at - sentAt);
          expected[job.item]![choice] = (expected[job.item]![choice] ?? 0) + 1;
          if ((job.member + job.item) % options.duplicateEvery === 0) {
            duplicatesSent++;
            const again = await post(
              urls[(job.member + 1) % 2]!,
              `/v1/launches/${lid}/answers`,
              body,
              headers,
            );
            if (again.status === 409 && again.body.reason === "alreadyAnswered") duplicatesRefused++;
          }
        } catch {
          errors++;
        } finally {
          inFlight--;
        }
      })());
    }
    await Promise.all(all);
    const sendS = (performance.now() - start) / 1000;

    // Wait (bounded) for the host's stream to count every accepted answer.
    const settleStart = Date.now();
    while ((resultsSeen.at(-1)?.answers ?? 0) < accepted.length && Date.now() - settleStart < 30_000) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const final = await (await fetch(`${urls[1]}/v1/launches/${lid}/results`, { headers: auth })).json() as {
      answers: number;
      items: { counts: Record<string, number> }[];
    };
    const sameCounts = (counts: Record<string, number>[]) =>
      counts.every((c, i) =>
        Object.keys({ ...c, ...expected[i] }).every((k) => (c[k] ?? 0) === (expected[i]![k] ?? 0))
      );
    const last = resultsSeen.at(-1);
    // Latency: the first pollResults whose counts were read after the answer's reply, or that counts
    // every answer (under load a count can include an answer before its reply reached the client:
    // that answer's latency is then the event's arrival after the reply, at least 0).
    const lat = new Float64Array(accepted.length);
    let n = 0;
    let missing = 0;
    const byAsOf = [...resultsSeen].sort((a, b) => a.asOf - b.asOf);
    for (const t of accepted) {
      let best = Infinity;
      for (const e of byAsOf) {
        if ((e.asOf >= t || e.answers >= accepted.length) && e.at < best) best = e.at;
      }
      if (best === Infinity) missing++;
      else lat[n++] = Math.max(0, best - t);
    }
    const sorted = lat.slice(0, n).sort();
    const counted = last?.answers ?? 0;
    return {
      members: options.members,
      items: items.length,
      instances: procs.length,
      offeredSeconds: options.seconds,
      sendS,
      answersAccepted: accepted.length,
      answerErrors: errors,
      answersPerSecondAccepted: accepted.length / ((lastAt - firstAt) / 1000),
      duplicatesSent,
      duplicatesRefused,
      countedLive: counted,
      countedApi: final.answers,
      lost: Math.max(0, accepted.length - final.answers),
      doubleCounted: Math.max(0, final.answers - accepted.length),
      countsMatch: sameCounts(final.items.map((x) => x.counts)) && !!last && sameCounts(last.counts),
      resultsEvents: resultsSeen.length,
      answerMs: (() => {
        const r = Float64Array.from(requestMs).sort();
        return { p50: percentile(r, 50), p99: percentile(r, 99) };
      })(),
      latency: {
        samples: n,
        missing,
        p50Ms: percentile(sorted, 50),
        p90Ms: percentile(sorted, 90),
        p99Ms: percentile(sorted, 99),
        maxMs: n ? sorted[n - 1]! : NaN,
      },
    };
  } finally {
    await reader?.close();
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

const f = (n: number, d = 1) => n.toFixed(d);

/** The report lines of a run. */
export function quizReport(q: QuizBenchResult): string[] {
  return [
    `Quiz (${q.members} audience members × ${q.items} items, one request per answer, over ${q.instances} instances, offered within ${q.offeredSeconds} s; results revealed, the host on the live stream):`,
    `  sent in ${f(q.sendS)} s; accepted ${q.answersAccepted} answers (${q.answerErrors} errors); ${
      f(q.answersPerSecondAccepted, 0)
    } answers/s accepted`,
    `  an answer request's own time: p50 ${f(q.answerMs.p50)} ms, p99 ${f(q.answerMs.p99)} ms`,
    `  resent ${q.duplicatesSent} answers to the other instance: ${q.duplicatesRefused} refused as already answered`,
    `  counted: host's last live results ${q.countedLive}, API ${q.countedApi}; lost ${q.lost}, double-counted ${q.doubleCounted}; counts per choice exact: ${q.countsMatch}`,
    `  answer accepted → host's live results count it: p50 ${f(q.latency.p50Ms)} ms, p90 ${
      f(q.latency.p90Ms)
    } ms, p99 ${f(q.latency.p99Ms)} ms, max ${
      f(q.latency.maxMs)
    } ms over ${q.latency.samples} answers (${q.latency.missing} never seen); ${q.resultsEvents} pollResults events (per instance at most every POLL_RESULTS_INTERVAL_MS, or 3× the last count's time)`,
    "",
  ];
}
