import assert from "node:assert/strict";
import { audienceToken, call, newHost, newSession, ownPlaces, startSessions } from "./_suite.ts";
import { SseReader } from "./_sse.ts";

Deno.test("live stream: a question waiting for review is announced as pending, id only, never its text", async () => {
  const svc = await startSessions();
  let reader: SseReader | undefined;
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const places = await ownPlaces();
    const session = (await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { requiresReview: true }),
    })).body;
    const res = await s.app.request(`/v1/sessions/${session.id}/events`);
    assert.equal(res.status, 200);
    reader = new SseReader(res.body!);
    const asked = await call(s, "POST", `/v1/sessions/${session.id}/questions`, {
      body: { text: "待审核的问题不公开内容", name: "赵先生" },
      headers: { "x-client-token": audienceToken("pending-client") },
    });
    assert.equal(asked.status, 201);
    const q = asked.body.question;
    assert.equal(q.status, "pending");
    const e = await reader.waitFor((x) => x.event === "pending" && x.data.questionId === q.id);
    assert.deepEqual(e.data, { questionId: q.id, revision: q.revision });
    // the open stream never carries a pending question itself
    assert.ok(!reader.events.some((x) => JSON.stringify(x.data).includes("待审核的问题不公开内容")));
    // once approved, it is a question event like any other
    const approved = await call(s, "POST", `/v1/questions/${q.id}/moderation`, {
      token: host.token,
      body: { action: "approve" },
    });
    assert.equal(approved.status, 200);
    const shown = await reader.waitFor((x) => x.event === "question" && x.data.id === q.id);
    assert.equal(shown.data.text, "待审核的问题不公开内容");
  } finally {
    await reader?.close();
    await svc.stop();
  }
});
