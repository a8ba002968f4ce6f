import assert from "node:assert/strict";
import { testGraph } from "../harness/mod.ts";
import {
  audienceToken,
  call,
  hoursFromNow,
  newHost,
  newSession,
  otherTokens,
  ownPlaces,
  startSessions,
} from "./_suite.ts";
import { SseReader } from "./_sse.ts";

const client = (n: number | string) => audienceToken(`questions-${n}`);

async function ask(
  s: Parameters<typeof call>[0],
  sessionId: string,
  text: string,
  token: string,
  extra = {},
) {
  return await call(s, "POST", `/v1/sessions/${sessionId}/questions`, {
    body: { text, ...extra },
    headers: { "x-client-token": token },
  });
}

Deno.test("questions: ask, limits, near-duplicates, votes once per voter, sort by votes or time", async () => {
  const svc = await startSessions(1, { QUESTION_RATE_PER_ASKER: "3", QUESTION_MAX_LENGTH: "50" });
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const places = await ownPlaces();
    const session =
      (await call(s, "POST", "/v1/sessions", { token: host.token, body: newSession(host, places) }))
        .body;
    const a = await ask(s, session.id, "  异地就医备案怎么办理？ ", client(1), { name: "张阿姨" });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.equal(a.body.question.text, "异地就医备案怎么办理？");
    assert.equal(a.body.question.status, "approved");
    assert.equal(a.body.question.askerName, "张阿姨");
    assert.deepEqual(a.body.similar, []);
    const anon = await ask(s, session.id, "请问异地就医备案怎么办理呢", client(2), {
      name: "李",
      anonymous: true,
    });
    assert.equal(anon.body.question.askerName, null);
    assert.deepEqual(anon.body.similar.map((x: { id: string }) => x.id), [a.body.question.id]);
    const b = await ask(s, session.id, "门诊共济的报销比例是多少？", client(3));

    // Bad input: empty after trimming, too long, no client token, unknown session.
    assert.equal((await ask(s, session.id, "   ", client(4))).status, 400);
    const long = await ask(s, session.id, "长".repeat(51), client(4));
    assert.equal(long.status, 400);
    assert.equal(long.body.errors[0].path, "body.text");
    const noToken = await call(s, "POST", `/v1/sessions/${session.id}/questions`, { body: { text: "问题" } });
    assert.equal(noToken.status, 401);
    assert.equal(noToken.body.errors[0].path, "header.x-client-token");
    assert.equal((await ask(s, "ses-00000000-0000", "问题", client(4))).status, 404);

    // Rate limit per asker: 3 a minute, then 429 with Retry-After; nothing written for the refused one.
    for (let i = 0; i < 3; i++) {
      assert.equal((await ask(s, session.id, `第${i}个不同的问题关于医保`, client(5))).status, 201);
    }
    const limited = await ask(s, session.id, "第四个问题会被限流", client(5));
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);

    // Votes: idempotent per voter, retractable; unknown question 404.
    const qa = a.body.question.id;
    const qb = b.body.question.id;
    const vote = (q: string, who: number, method = "POST") =>
      call(s, method, `/v1/questions/${q}/votes`, { headers: { "x-client-token": client(who) } });
    assert.equal((await vote(qa, 10)).body.votes, 1);
    assert.equal((await vote(qa, 10)).body.votes, 1);
    assert.equal((await vote(qa, 11)).body.votes, 2);
    const simultaneous = await Promise.all(Array.from({ length: 6 }, () => vote(qb, 12)));
    assert.ok(simultaneous.every((r) => r.status === 200));
    assert.equal((await vote(qb, 13)).body.votes, 2);
    assert.equal((await vote(qb, 13, "DELETE")).body.votes, 1);
    assert.equal((await vote(qb, 13, "DELETE")).body.votes, 1);
    assert.equal((await vote("q-00000000-0000", 13)).status, 404);
    const byVotes = await call(s, "GET", `/v1/sessions/${session.id}/questions?sort=votes`);
    assert.equal(byVotes.body.items[0].id, qa);
    assert.equal(byVotes.body.items[0].votes, 2);
    assert.equal(byVotes.body.items[0].similarTo, undefined);
    const byTime = await call(s, "GET", `/v1/sessions/${session.id}/questions?sort=time`);
    assert.equal(byTime.body.items.at(-1).id, qa);

    // A cancelled session takes no more votes or questions.
    await call(s, "POST", `/v1/sessions/${session.id}/cancel`, { token: host.token, body: {} });
    assert.equal((await vote(qa, 14)).status, 409);
    assert.equal((await ask(s, session.id, "还能提问吗", client(15))).status, 409);
  } finally {
    await svc.stop();
  }
});

Deno.test("moderation: review, edit, merge, pin, answer with citations, reopen; after the session it stays readable", async () => {
  const svc = await startSessions();
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const rival = await newHost();
    const t = await otherTokens();
    const places = await ownPlaces();
    const session = (await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { requiresReview: true }),
    })).body;
    const q1 = (await ask(s, session.id, "退休人员异地就医报销比例", client(1))).body.question;
    const q2 = (await ask(s, session.id, "退休人员异地就医报销比例是多少", client(2))).body.question;
    const q3 = (await ask(s, session.id, "这是一条广告", client(3))).body.question;
    assert.equal(q1.status, "pending");
    // The audience does not see pending questions, nor may it ask for them.
    assert.deepEqual((await call(s, "GET", `/v1/sessions/${session.id}/questions`)).body.items, []);
    assert.equal((await call(s, "GET", `/v1/sessions/${session.id}/questions?status=pending`)).status, 403);
    const pending = await call(s, "GET", `/v1/sessions/${session.id}/questions?status=pending&sort=time`, {
      token: host.token,
    });
    assert.equal(pending.body.items.length, 3);
    assert.deepEqual(pending.body.items.find((x: { id: string }) => x.id === q2.id).similarTo, [q1.id]);
    // Votes wait for approval.
    const early = await call(s, "POST", `/v1/questions/${q1.id}/votes`, {
      headers: { "x-client-token": client(9) },
    });
    assert.equal(early.status, 409);

    const mod = (q: string, body: unknown, token = host.token) =>
      call(s, "POST", `/v1/questions/${q}/moderation`, { token, body });
    // Role matrix of moderation.
    assert.equal(
      (await call(s, "POST", `/v1/questions/${q1.id}/moderation`, { body: { action: "approve" } })).status,
      401,
    );
    assert.equal((await mod(q1.id, { action: "approve" }, t.operator)).status, 403);
    assert.equal((await mod(q1.id, { action: "approve" }, rival.token)).status, 403);
    assert.equal((await mod(q1.id, { action: "fly" })).status, 400);

    const approved = await mod(q1.id, { action: "approve", text: "退休人员跨省异地就医的报销比例是多少？" });
    assert.equal(approved.status, 200);
    assert.equal(approved.body.text, "退休人员跨省异地就医的报销比例是多少？");
    assert.equal((await mod(q1.id, { action: "approve" })).status, 409);
    assert.equal((await mod(q3.id, { action: "dismiss", reason: "广告" })).body.status, "dismissed");
    await mod(q2.id, { action: "approve" }, t.admin);
    for (const who of [1, 2]) {
      await call(s, "POST", `/v1/questions/${q2.id}/votes`, {
        headers: { "x-client-token": client(`v${who}`) },
      });
    }
    await call(s, "POST", `/v1/questions/${q1.id}/votes`, { headers: { "x-client-token": client("v1") } });
    // Merge q2 into q1: votes move, a voter of both counts once.
    assert.equal((await mod(q2.id, { action: "merge", into: q2.id })).status, 422);
    // Into a question still pending (or dismissed): 422 naming body.into.
    const q4 = (await ask(s, session.id, "门诊共济账户能给家人用吗", client(4))).body.question;
    assert.equal(q4.status, "pending");
    for (const into of [q4.id, q3.id]) {
      const refused = await mod(q2.id, { action: "merge", into });
      assert.equal(refused.status, 422, JSON.stringify(refused.body));
      assert.ok(refused.body.errors.some((e: { path: string }) => e.path === "body.into"));
    }
    // A host's edit keeps to QUESTION_MAX_LENGTH (300) like the audience's question.
    const tooLong = await mod(q4.id, { action: "approve", text: "异".repeat(301) });
    assert.equal(tooLong.status, 400, JSON.stringify(tooLong.body));
    assert.ok(tooLong.body.errors.some((e: { path: string }) => e.path === "body.text"));
    const merged = await mod(q2.id, { action: "merge", into: q1.id });
    assert.equal(merged.body.status, "merged");
    assert.equal(merged.body.mergedInto, q1.id);
    const list = await call(s, "GET", `/v1/sessions/${session.id}/questions`);
    assert.deepEqual(list.body.items.map((x: { id: string; votes: number }) => [x.id, x.votes]), [[
      q1.id,
      2,
    ]]);
    // Pin, then answer citing an unknown policy (422), then a real answer.
    assert.equal((await mod(q1.id, { action: "pin" })).body.pinned, true);
    const badCite = await mod(q1.id, {
      action: "answer",
      answer: "按参保地目录执行",
      citedPolicies: ["no-such-policy"],
    });
    assert.equal(badCite.status, 422);
    const answered = await mod(q1.id, {
      action: "answer",
      answer: "跨省就医执行就医地目录、参保地报销比例。",
      citedPolicies: [],
    });
    assert.equal(answered.status, 200);
    assert.equal(answered.body.status, "answered");
    assert.equal(answered.body.pinned, false);
    const reopened = await mod(q1.id, { action: "reopen" });
    assert.equal(reopened.body.status, "approved");
    assert.equal(reopened.body.answer, null);
    await mod(q1.id, { action: "answer", answer: "执行就医地目录、参保地待遇。" });

    // After the session: replay and transcript; answered questions stay readable, votes are closed.
    const graph = testGraph();
    try {
      await graph.write((tx) =>
        tx.run(
          "MATCH (s:LiveSession {id: $id}) SET s.startsAt = datetime() - duration('PT2H'), s.lastEndsAt = datetime() - duration('PT1H')",
          {
            id: session.id,
          },
        )
      );
    } finally {
      await graph.close();
    }
    const after = await call(s, "PATCH", `/v1/sessions/${session.id}`, {
      token: host.token,
      body: { replayUrl: "https://live.example.cn/replay/1", transcript: "主持人：大家好……" },
    });
    assert.equal(after.status, 200, JSON.stringify(after.body));
    assert.equal(after.body.replayUrl, "https://live.example.cn/replay/1");
    const read = await call(s, "GET", `/v1/sessions/${session.id}/questions`);
    assert.equal(read.body.items[0].status, "answered");
    assert.equal(read.body.items[0].answer, "执行就医地目录、参保地待遇。");
    const closed = await call(s, "POST", `/v1/questions/${q1.id}/votes`, {
      headers: { "x-client-token": client(99) },
    });
    assert.equal(closed.status, 409);
  } finally {
    await svc.stop();
  }
});

Deno.test("live stream: events reach listeners on another instance; Last-Event-ID resumes without loss or duplicates", async () => {
  const svc = await startSessions(2);
  const readers: SseReader[] = [];
  try {
    const [a, b] = svc.instances as [typeof svc.instances[0], typeof svc.instances[0]];
    const host = await newHost();
    const places = await ownPlaces();
    const session = (await call(a!, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { startsAt: hoursFromNow(30) }),
    }))
      .body;
    const open = async (svcI: typeof a, last?: number) => {
      const res = await svcI!.app.request(`/v1/sessions/${session.id}/events`, {
        headers: last === undefined ? {} : { "last-event-id": String(last) },
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type")!, /^text\/event-stream/);
      const r = new SseReader(res.body!);
      readers.push(r);
      return r;
    };
    assert.equal((await b!.app.request("/v1/sessions/ses-00000000-0000/events")).status, 404);
    const onB = await open(b);
    const q = (await ask(a!, session.id, "长期护理保险什么时候覆盖全省", client(1))).body.question;
    const first = await onB.waitFor((e) => e.event === "question" && e.data.id === q.id);
    assert.equal(first.data.text, "长期护理保险什么时候覆盖全省");
    for (let i = 0; i < 5; i++) {
      await call(a!, "POST", `/v1/questions/${q.id}/votes`, {
        headers: { "x-client-token": client(`v${i}`) },
      });
    }
    await onB.waitFor((e) => e.event === "votes" && e.data.revision === 5);
    const cut = onB.lastId!;
    await onB.close();
    // While disconnected: more votes, a pin, another question.
    for (let i = 5; i < 8; i++) {
      await call(b!, "POST", `/v1/questions/${q.id}/votes`, {
        headers: { "x-client-token": client(`v${i}`) },
      });
    }
    await call(a!, "POST", `/v1/questions/${q.id}/moderation`, {
      token: host.token,
      body: { action: "pin" },
    });
    const q2 = (await ask(b!, session.id, "新农合和城乡居民医保是一回事吗", client(2))).body.question;
    // Resume on the other instance from the last id seen.
    const resumed = await open(a, cut);
    await resumed.waitFor((e) => e.event === "question" && e.data.id === q2.id);
    const ids = resumed.events.map((e) => e.id);
    assert.ok(ids.every((id) => id > cut), "nothing before the cut is sent again");
    assert.deepEqual(ids, [...new Set(ids)].sort((x, y) => x - y), "ids increase, no duplicates");
    // Totals may race: the highest revision wins.
    const newest = (events: typeof resumed.events) =>
      events.filter((e) => e.event === "votes").sort((x, y) =>
        (x.data.revision as number) - (y.data.revision as number)
      )
        .at(-1)!.data.votes;
    assert.equal(newest(resumed.events), 8);
    assert.ok(resumed.events.some((e) => e.event === "pinned" && e.data.questionId === q.id));
    // An instance that keeps only 2 events per session reads older ones again from JetStream.
    const small = await startSessions(1, { LIVE_BUFFER_EVENTS: "2" });
    try {
      const all = await open(small.instances[0]!, 0);
      await all.waitFor((e) => e.event === "question" && e.data.id === q2.id);
      const allIds = all.events.map((e) => e.id);
      assert.deepEqual(allIds, [...new Set(allIds)].sort((x, y) => x - y));
      assert.ok(allIds.includes(first.id));
      // Totals queued together coalesce into the newest: the last one is exact.
      assert.equal(newest(all.events), 8);
      const late = (await ask(a!, session.id, "最后一个问题：个人账户能给家人用吗", client(3))).body.question;
      await all.waitFor((e) => e.event === "question" && e.data.id === late.id);
    } finally {
      for (const r of readers) await r.close();
      readers.length = 0;
      await small.stop();
    }
  } finally {
    for (const r of readers) await r.close();
    await svc.stop();
  }
});

Deno.test("questions: a session's own limit refuses further askers with 429 and Retry-After", async () => {
  const svc = await startSessions(1, { QUESTION_RATE_PER_SESSION: "2" });
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const places = await ownPlaces();
    const session =
      (await call(s, "POST", "/v1/sessions", { token: host.token, body: newSession(host, places) }))
        .body;
    assert.equal((await ask(s, session.id, "第一个问题：职工医保怎么缴费", client("s1"))).status, 201);
    assert.equal((await ask(s, session.id, "第二个问题：居民医保几月缴费", client("s2"))).status, 201);
    const third = await ask(s, session.id, "第三个问题：灵活就业怎么参保", client("s3"));
    assert.equal(third.status, 429);
    assert.ok(Number(third.headers.get("retry-after")) >= 1);
    assert.equal((await call(s, "GET", `/v1/sessions/${session.id}/questions`)).body.items.length, 2);
  } finally {
    await svc.stop();
  }
});

Deno.test("moderation: of simultaneous pins across two instances, one question stays pinned", async () => {
  const svc = await startSessions(2);
  try {
    const [a, b] = svc.instances as [typeof svc.instances[0], typeof svc.instances[0]];
    const host = await newHost();
    const places = await ownPlaces();
    const session = (await call(a, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places),
    })).body;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const q = await ask(
        a,
        session.id,
        `第 ${i} 个问题：门诊慢特病 ${"甲乙丙丁戊己"[i]} 类怎么报销`,
        client(`p${i}`),
      );
      assert.equal(q.status, 201, JSON.stringify(q.body));
      ids.push(q.body.question.id);
    }
    for (let round = 0; round < 3; round++) {
      const pins = await Promise.all(
        ids.map((id, i) =>
          call(i % 2 ? b : a, "POST", `/v1/questions/${id}/moderation`, {
            token: host.token,
            body: { action: "pin" },
          })
        ),
      );
      for (const p of pins) assert.equal(p.status, 200, JSON.stringify(p.body));
      const listed = await call(a, "GET", `/v1/sessions/${session.id}/questions?sort=time&limit=50`, {
        token: host.token,
      });
      const pinned = listed.body.items.filter((q: { pinned: boolean }) => q.pinned);
      assert.equal(pinned.length, 1, `round ${round}: ${pinned.map((q: { id: string }) => q.id)}`);
    }
  } finally {
    await svc.stop();
  }
});
