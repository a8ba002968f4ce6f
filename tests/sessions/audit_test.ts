import assert from "node:assert/strict";
import { runService } from "@yibao/kit";
import { service as policyAdmin } from "../../services/policy-admin/service.ts";
import { serviceEnv } from "../harness/mod.ts";
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

// deno-lint-ignore no-explicit-any -- audit entries as JSON
type Entry = any;

Deno.test("sessions: scheduling, changes, moved and cancelled occurrences, cancellation and moderation are in the audit trail operators read", async (t) => {
  const svc = await startSessions();
  const admin = await runService(policyAdmin, { env: serviceEnv(), handleSignals: false });
  const others = await otherTokens();
  const trail = async (entityId: string, entityType: string): Promise<Entry[]> => {
    const r = await call(admin, "GET", `/v1/audit?entityId=${entityId}&entityType=${entityType}`, {
      token: others.operator,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items;
  };
  try {
    const s = svc.instances[0]!;
    const host = await newHost();
    const places = await ownPlaces();
    const created = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { recurrence: "FREQ=WEEKLY;COUNT=4" }),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    const list = await call(
      s,
      "GET",
      `/v1/sessions?topic=${places.topic}&to=${encodeURIComponent(hoursFromNow(24 * 40))}`,
    );
    const occ = list.body.items[0].occurrences.map((o: { originalStart: string }) => o.originalStart);

    await t.step("scheduling: who, with the session after", async () => {
      const [e] = await trail(id, "session");
      assert.equal(e.action, "session.schedule");
      assert.equal(e.actorId, `user:${host.id}`);
      assert.equal(e.actorName, host.name);
      assert.equal(e.actorRole, "host");
      assert.equal(e.entityType, "session");
      assert.equal(e.before, null);
      assert.equal(e.after.title, "跨省异地就医直播答疑");
      assert.ok(e.requestId);
    });
    await t.step("a change, a moved occurrence and a cancelled one, with before and after", async () => {
      assert.equal(
        (await call(s, "PATCH", `/v1/sessions/${id}`, {
          token: host.token,
          body: { title: "异地就医答疑（改）" },
        })).status,
        200,
      );
      const movedTo = new Date(Date.parse(occ[1]) + 3_600_000).toISOString().replace(".000Z", "Z");
      const moved = await call(s, "PATCH", `/v1/sessions/${id}`, {
        token: host.token,
        body: { occurrence: { originalStart: occ[1], startsAt: movedTo } },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const one = await call(s, "POST", `/v1/sessions/${id}/cancel`, {
        token: host.token,
        body: { occurrenceStart: occ[2] },
      });
      assert.equal(one.status, 200, JSON.stringify(one.body));
      const entries = await trail(id, "session");
      assert.deepEqual(entries.map((e) => e.action), [
        "session.cancelOccurrence",
        "session.moveOccurrence",
        "session.update",
        "session.schedule",
      ]);
      const [cancelOne, move, update] = entries;
      assert.equal(update.before.title, "跨省异地就医直播答疑");
      assert.equal(update.after.title, "异地就医答疑（改）");
      assert.deepEqual(move.before.exceptions, []);
      assert.deepEqual(move.after.exceptions, [{ originalStart: occ[1], startsAt: movedTo }]);
      assert.equal(cancelOne.after.occurrenceStart, occ[2]);
    });
    await t.step("an admin cancels: the trail says who, and a refused change writes nothing", async () => {
      const r = await call(s, "POST", `/v1/sessions/${id}/cancel`, {
        token: others.admin,
        body: { reason: "主播临时有事" },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const [e] = await trail(id, "session");
      assert.equal(e.action, "session.cancel");
      assert.equal(e.actorId, "user:adm-eve");
      assert.equal(e.actorRole, "admin");
      assert.equal(e.before.status, "scheduled");
      assert.equal(e.after.status, "cancelled");
      assert.equal(e.after.reason, "主播临时有事");
      const count = (await trail(id, "session")).length;
      assert.equal(
        (await call(s, "POST", `/v1/sessions/${id}/cancel`, { token: others.admin, body: {} })).status,
        409,
      );
      assert.equal(
        (await call(s, "PATCH", `/v1/sessions/${id}`, { token: host.token, body: { title: "再改" } })).status,
        409,
      );
      assert.equal((await trail(id, "session")).length, count);
    });
    await t.step("moderation: the question's before and after, never the asker", async () => {
      const live = await call(s, "POST", "/v1/sessions", {
        token: host.token,
        body: newSession(host, places, {
          startsAt: hoursFromNow(100),
          channelAccount: `acct2-${host.id}`,
          requiresReview: true,
        }),
      });
      assert.equal(live.status, 201, JSON.stringify(live.body));
      const asked = await call(s, "POST", `/v1/sessions/${live.body.id}/questions`, {
        body: { text: "异地就医需要备案吗？", name: "张阿姨" },
        headers: { "x-client-token": audienceToken(`audit-${host.id}`) },
      });
      assert.equal(asked.status, 201, JSON.stringify(asked.body));
      const q = asked.body.question.id as string;
      for (const body of [{ action: "approve", text: "异地就医要先备案吗？" }, { action: "pin" }]) {
        const r = await call(s, "POST", `/v1/questions/${q}/moderation`, { token: host.token, body });
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
      // approving twice is refused: no entry
      assert.equal(
        (await call(s, "POST", `/v1/questions/${q}/moderation`, {
          token: host.token,
          body: { action: "approve" },
        }))
          .status,
        409,
      );
      const entries = await trail(q, "question");
      assert.deepEqual(entries.map((e) => e.action), ["question.pin", "question.approve"]);
      const approve = entries[1];
      assert.equal(approve.before.status, "pending");
      assert.equal(approve.after.status, "approved");
      assert.equal(approve.after.text, "异地就医要先备案吗？");
      assert.equal(approve.after.sessionId, live.body.id);
      assert.doesNotMatch(JSON.stringify(entries), /张阿姨/);
      assert.equal(entries[0].before.pinned, false);
      assert.equal(entries[0].after.pinned, true);
    });
    await t.step("the entity-type filter keeps to one kind; hosts cannot read the trail", async () => {
      const r = await call(admin, "GET", `/v1/audit?entityId=${id}&entityType=subscriber`, {
        token: others.operator,
      });
      assert.deepEqual(r.body.items, []);
      const bad = await call(admin, "GET", "/v1/audit?entityType=nothing", { token: others.operator });
      assert.equal(bad.status, 400);
      assert.equal((await call(admin, "GET", `/v1/audit?entityId=${id}`, { token: host.token })).status, 403);
    });
  } finally {
    await admin.shutdown();
    await svc.stop();
  }
});
