/**
 * From an audience question's POST to it appearing in the host's live stream: 200 audience members,
 * each with its own address (through a trusted proxy) and its own audience cookie, ask and vote
 * through the audience page's own endpoints (`POST /s/:code/ask`, `POST /s/:code/vote`, forms with
 * the per-cookie CSRF token, exactly as a browser without JavaScript would), while the host reads
 * the sessions service's event stream as the live room does. p50/p99 of POST → `question` event,
 * and of the POST's own answer; votes and errors counted.
 */
import { issueToken, type RunningService, runService } from "@yibao/kit";
import { service as consoleService } from "../../services/console/service.ts";
import { service as policy } from "../../services/policy/service.ts";
import { service as sessions } from "../../services/sessions/service.ts";
import { benchGraph, benchServiceEnv } from "./servers.ts";

/** The figures. */
export interface AudienceFigures {
  members: number;
  questions: number;
  votes: number;
  seconds: number;
  toHostMs: { p50: number; p99: number; max: number };
  askAnswerMs: { p50: number; p99: number };
  voteAnswerMs: { p50: number; p99: number };
  missing: number;
  errors: number;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

/** Runs the scenario against the run's Neo4j and NATS. */
export async function audienceBench(
  env: Record<string, string>,
  options = { members: 200, votesPerMember: 5, seconds: 10 },
): Promise<AudienceFigures> {
  const secret = "bench-secret-bench-secret-bench-secret-00";
  const run = (spec: Parameters<typeof runService>[0], extra: Record<string, string> = {}) =>
    runService(spec, {
      env: (n) => ({ ...benchServiceEnv(env), PORT: "0", ...extra } as Record<string, string>)[n],
      handleSignals: false,
    });
  const started: RunningService[] = [];
  const abort = new AbortController();
  try {
    const [p, s] = await Promise.all([
      run(policy),
      run(sessions, { SESSIONS_TRUSTED_PROXIES: "127.0.0.1,::1", QUESTION_RATE_PER_SESSION: "100000" }),
    ]);
    started.push(p, s);
    const url = (x: RunningService) => `http://127.0.0.1:${x.port}`;
    const web = await run(consoleService, {
      CONSOLE_SERVICES: `policy=${url(p)},sessions=${url(s)}`,
      // each simulated member comes with its own address, as through a reverse proxy
      CONSOLE_TRUST_PROXY: "true",
    });
    started.push(web);
    const graph = benchGraph(env);
    try {
      await graph.write((tx) =>
        tx.run("MERGE (t:Topic {id: 'benchTopic'}) SET t.nameZh = '压测', t.nameEn = 'Bench'")
      );
    } finally {
      await graph.close();
    }
    const hostId = `bench-audience-host-${crypto.randomUUID().slice(0, 6)}`;
    const host = await issueToken(secret, { sub: hostId, role: "host", name: "压测主播" });
    const created = await fetch(`${url(s)}/v1/sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${host}`, "content-type": "application/json" },
      body: JSON.stringify({
        title: "观众页压测场次",
        startsAt: new Date(Math.ceil((Date.now() + 3_600_000) / 60_000) * 60_000).toISOString(),
        durationMinutes: 120,
        channel: "app",
        channelAccount: `acct-${hostId}`,
        topics: ["benchTopic"],
        audiences: ["insured"],
        region: "110105",
      }),
    }).then((r) => r.json()) as { id: string; joinCode: string };
    if (!created.joinCode) throw new Error(`scheduling the bench session failed: ${JSON.stringify(created)}`);
    const code = created.joinCode;

    // The host's live stream: when each question arrives.
    const arrived = new Map<string, number>();
    const stream = await fetch(`${url(s)}/v1/sessions/${created.id}/events`, {
      headers: { accept: "text/event-stream" },
      signal: abort.signal,
    });
    const reading = (async () => {
      const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buf = "";
      try {
        while (true) {
          const { value, done } = await reader.read();
          if (done) return;
          buf += value;
          let i: number;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            if (!/^event: question$/m.test(block)) continue;
            const data = /^data: (.*)$/m.exec(block)?.[1];
            const m = data ? /编号(\d+)/.exec(JSON.parse(data).text) : null;
            if (m && !arrived.has(m[1]!)) arrived.set(m[1]!, performance.now());
          }
        }
      } catch { /* aborted at the end */ }
    })();

    // Each member opens the ask screen: its cookie and CSRF token.
    const base = url(web);
    const members = await Promise.all(Array.from({ length: options.members }, async (_, n) => {
      const address = `10.77.${n >> 8}.${n & 255}`;
      const res = await fetch(`${base}/s/${code}/ask`, { headers: { "x-forwarded-for": address } });
      const html = await res.text();
      const cookie = /yb_audience=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
      const csrf = /name="_csrf" value="([0-9a-f]+)"/.exec(html)?.[1];
      if (!cookie || !csrf) throw new Error(`member ${n} got no audience cookie (${res.status})`);
      return { address, cookie: `yb_audience=${cookie}`, csrf };
    }));
    const form = (m: (typeof members)[number], path: string, fields: Record<string, string>) =>
      fetch(`${base}${path}`, {
        method: "POST",
        redirect: "manual",
        headers: {
          cookie: m.cookie,
          "x-forwarded-for": m.address,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ _csrf: m.csrf, ...fields }),
      });

    // Questions to vote on, asked first by the first ten members.
    for (let i = 0; i < 10; i++) {
      const r = await form(members[i]!, `/s/${code}/ask`, { text: `预置问题${i}：医保报销比例是多少？` });
      await r.body?.cancel();
    }
    const seeds = (await fetch(`${url(s)}/v1/sessions/${created.id}/questions?limit=20`).then((r) =>
      r.json()
    ))
      .items.map((q: { id: string }) => q.id) as string[];

    const sent = new Map<string, number>();
    const askMs: number[] = [];
    const voteMs: number[] = [];
    let errors = 0;
    let votes = 0;
    const startAt = performance.now();
    const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));
    const windowMs = options.seconds * 1000;
    await Promise.all(members.map(async (m, n) => {
      const jobs: { at: number; kind: "ask" | "vote"; q?: string }[] = [
        { at: Math.random() * windowMs, kind: "ask" as const },
        ...Array.from({ length: options.votesPerMember }, (_, k) => ({
          at: Math.random() * windowMs,
          kind: "vote" as const,
          q: seeds[(n + k) % seeds.length]!,
        })),
      ].sort((a, b) => a.at - b.at);
      for (const job of jobs) {
        await sleepUntil(startAt + job.at);
        const t0 = performance.now();
        if (job.kind === "ask") {
          sent.set(String(n), t0);
          const r = await form(m, `/s/${code}/ask`, {
            text: `第${n}位观众的问题：异地就医怎么备案？编号${n}`,
          });
          await r.body?.cancel();
          askMs.push(performance.now() - t0);
          if (r.status !== 303 || !/n=(sent|shown)/.test(r.headers.get("location") ?? "")) errors++;
        } else {
          const r = await form(m, `/s/${code}/vote`, { question: job.q! });
          await r.body?.cancel();
          voteMs.push(performance.now() - t0);
          if (r.status === 303 && (r.headers.get("location") ?? "").includes("n=voted")) votes++;
          else errors++;
        }
      }
    }));
    // Wait for the last questions to reach the host.
    const deadline = performance.now() + 10_000;
    while (arrived.size < sent.size && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    abort.abort();
    await reading;
    const lat = [...sent].filter(([k]) => arrived.has(k)).map(([k, t]) => arrived.get(k)! - t);
    return {
      members: options.members,
      questions: sent.size,
      votes,
      seconds: options.seconds,
      toHostMs: { p50: quantile(lat, 0.5), p99: quantile(lat, 0.99), max: Math.max(...lat) },
      askAnswerMs: { p50: quantile(askMs, 0.5), p99: quantile(askMs, 0.99) },
      voteAnswerMs: { p50: quantile(voteMs, 0.5), p99: quantile(voteMs, 0.99) },
      missing: sent.size - lat.length,
      errors,
    };
  } finally {
    abort.abort();
    for (const x of started.reverse()) await x.shutdown().catch(() => {});
  }
}

/** The report lines. */
export function audienceReport(f: AudienceFigures): string[] {
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  return [
    `Audience page: ${f.members} members asking and voting through the console's audience endpoints in ${f.seconds} s`,
    `  question POST → the host's live stream: p50 ${ms(f.toHostMs.p50)}, p99 ${ms(f.toHostMs.p99)}, ` +
    `max ${ms(f.toHostMs.max)} (${f.questions} questions, ${f.missing} never arrived)`,
    `  POST answered: ask p50 ${ms(f.askAnswerMs.p50)} / p99 ${ms(f.askAnswerMs.p99)}, ` +
    `vote p50 ${ms(f.voteAnswerMs.p50)} / p99 ${
      ms(f.voteAnswerMs.p99)
    }; ${f.votes} votes counted, ${f.errors} errors`,
    "",
  ];
}

if (import.meta.main) {
  const { startTestServers } = await import("../../deploy/local/dev/run_tests.ts");
  const servers = await startTestServers();
  try {
    console.log(audienceReport(await audienceBench(servers.env)).join("\n"));
  } finally {
    await servers.stop();
  }
}
