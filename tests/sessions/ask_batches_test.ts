/**
 * Questions asked at the same moment are written in batches (one transaction for the questions an
 * instance receives while its previous batch commits). These tests ask many at once, against the real
 * Neo4j, and check what one transaction per question guaranteed: every limit holds exactly, and each
 * question is compared with every question taken before it, in its own batch or an earlier one.
 */
import assert from "node:assert/strict";
import { audienceToken, call, newHost, newSession, ownPlaces, startSessions } from "./_suite.ts";

type Instance = Parameters<typeof call>[0];

async function newLiveSession(s: Instance): Promise<string> {
  const host = await newHost();
  const r = await call(s, "POST", "/v1/sessions", {
    token: host.token,
    body: newSession(host, await ownPlaces()),
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}

const ask = (s: Instance, sessionId: string, text: string, token: string) =>
  call(s, "POST", `/v1/sessions/${sessionId}/questions`, {
    body: { text },
    headers: { "x-client-token": token },
  });

Deno.test("ask batches: of questions asked at once, exactly the session's and the asker's limits are taken", async () => {
  const svc = await startSessions(1, { QUESTION_RATE_PER_SESSION: "8", QUESTION_RATE_PER_ASKER: "3" });
  try {
    const s = svc.instances[0]!;
    const sessionId = await newLiveSession(s);
    const one = audienceToken(`batch-one-${sessionId}`);
    const asks = [
      ...Array.from(
        { length: 5 },
        (_, i) => ask(s, sessionId, `同一个人的第${i}个问题：医保卡丢了怎么补办`, one),
      ),
      ...Array.from(
        { length: 7 },
        (_, i) =>
          ask(
            s,
            sessionId,
            `第${i}位观众：灵活就业人员第${i}年怎么参保`,
            audienceToken(`batch-${sessionId}-${i}`),
          ),
      ),
    ];
    const answers = await Promise.all(asks);
    const taken = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 429);
    assert.equal(taken.length, 8, JSON.stringify(answers.map((a) => a.status)));
    assert.equal(refused.length, 4);
    assert.ok(answers.slice(0, 5).filter((a) => a.status === 201).length <= 3, "the asker's limit holds");
    for (const r of refused) {
      assert.ok(Number(r.headers.get("retry-after")) >= 1);
      assert.match(r.headers.get("content-type") ?? "", /application\/problem\+json/);
      assert.match(r.body.title, /[\u4e00-\u9fff]/);
    }
    const listed = await call(s, "GET", `/v1/sessions/${sessionId}/questions?limit=50`);
    assert.deepEqual(
      listed.body.items.map((q: { id: string }) => q.id).sort(),
      taken.map((a) => a.body.question.id).sort(),
      "exactly the questions answered 201 are stored",
    );
    // they went in fewer transactions than questions: the ones that arrived while a batch committed shared the next
    const metrics = await (await s.app.request("/metrics")).text();
    assert.match(metrics, /^sessions_question_batch_questions_total 12$/m);
    assert.match(metrics, /^sessions_question_batches_failed_total 0$/m);
    const batches = Number(/^sessions_question_batches_total (\d+)$/m.exec(metrics)?.[1]);
    assert.ok(batches >= 1 && batches < 12, `${batches} batches`);
  } finally {
    await svc.stop();
  }
});

Deno.test("ask batches: identical questions asked at once, in two sessions, each see the ones taken before them in their session as near-duplicates", async () => {
  const svc = await startSessions(1);
  try {
    const s = svc.instances[0]!;
    const sessionIds = [await newLiveSession(s), await newLiveSession(s)];
    const text = "退休后医保还要继续缴费吗？";
    // the two sessions' questions interleaved: batches hold questions of both
    const wave = (n: number, label: string) =>
      Promise.all(
        Array.from({ length: n * 2 }, (_, i) => {
          const sessionId = sessionIds[i % 2]!;
          return ask(s, sessionId, text, audienceToken(`${label}-${sessionId}-${i}`));
        }),
      );
    const first = await wave(6, "same");
    // and a second wave, in batches after the first
    const second = await wave(3, "same2");
    for (const a of [...first, ...second]) assert.equal(a.status, 201, JSON.stringify(a.body));
    const answers = new Map([...first, ...second].map((a) => [a.body.question.id, a.body]));
    for (const sessionId of sessionIds) {
      // oldest first: the order they were taken in
      const byTime = (await call(s, "GET", `/v1/sessions/${sessionId}/questions?sort=time&limit=50`)).body
        .items
        .map((q: { id: string }) => q.id)
        .reverse();
      assert.equal(byTime.length, 9);
      byTime.forEach((id: string, k: number) => {
        // all alike (score 1): the three newest before it in its own session, newest first
        const expected = byTime.slice(Math.max(0, k - 3), k).reverse();
        const a = answers.get(id)!;
        assert.equal(a.question.sessionId, sessionId);
        assert.deepEqual(a.similar.map((x: { id: string }) => x.id), expected, `question ${k}`);
      });
    }
  } finally {
    await svc.stop();
  }
});

Deno.test("ask batches: one asker's questions sent at once to two instances are limited exactly", async () => {
  const svc = await startSessions(2, { QUESTION_RATE_PER_ASKER: "3" });
  try {
    const [a, b] = svc.instances as [Instance, Instance];
    const sessionId = await newLiveSession(a);
    const token = audienceToken(`two-instances-${sessionId}`);
    const answers = await Promise.all(
      Array.from(
        { length: 10 },
        (_, i) => ask(i % 2 ? b : a, sessionId, `第${i}个不同的问题：生育津贴怎么领`, token),
      ),
    );
    assert.deepEqual(
      answers.map((r) => r.status).sort(),
      [201, 201, 201, 429, 429, 429, 429, 429, 429, 429],
    );
  } finally {
    await svc.stop();
  }
});
