import assert from "node:assert/strict";
import { type CloudEvent, startConsumer } from "@yibao/events";
import { eventually, testBus, unique } from "../harness/mod.ts";
import {
  addDays,
  newPolicy,
  people,
  publishNewPolicy,
  reviewAndPublish,
  startSuite,
} from "../policy/_suite.ts";
import { shanghaiToday } from "@yibao/domain";
import { call, hoursFromNow, newHost, newSession, ownPlaces, startSessions } from "./_suite.ts";

/** Collects the events of `subject` whose subject field is one of `ids`. */
async function collect(filterSubject: string) {
  const bus = await testBus();
  const seen: CloudEvent[] = [];
  const consumer = await startConsumer(bus, { durable: unique("sessions-test"), filterSubject }, (e) => {
    seen.push(e);
    return Promise.resolve();
  });
  return {
    seen,
    async stop() {
      await consumer.stop();
      await bus.close();
    },
  };
}

Deno.test("events: scheduled, rescheduled, cancelled; reminders exactly once with two instances", async () => {
  const events = await collect("events.session.>");
  const svc = await startSessions(2, {
    SESSION_REMINDER_OFFSETS_MINUTES: "60,5",
    SESSION_REMINDER_INTERVAL_MS: "100",
  });
  try {
    const [a, b] = svc.instances;
    const host = await newHost();
    const places = await ownPlaces();
    const soon = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    const inHalfAnHour = await call(a!, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { startsAt: soon(30), durationMinutes: 20 }),
    });
    assert.equal(inHalfAnHour.status, 201, JSON.stringify(inHalfAnHour.body));
    const inThreeMinutes = await call(b!, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, {
        startsAt: soon(3),
        durationMinutes: 5,
        channelAccount: `x-${host.id}`,
      }),
    });
    assert.equal(inThreeMinutes.status, 201, JSON.stringify(inThreeMinutes.body));
    const tomorrow = await call(a!, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { startsAt: hoursFromNow(30) }),
    });
    const ids = [inHalfAnHour.body.id, inThreeMinutes.body.id, tomorrow.body.id];
    await call(b!, "PATCH", `/v1/sessions/${tomorrow.body.id}`, {
      token: host.token,
      body: { startsAt: hoursFromNow(31) },
    });
    await call(a!, "PATCH", `/v1/sessions/${tomorrow.body.id}`, {
      token: host.token,
      body: { title: "只改标题" },
    });
    await call(a!, "POST", `/v1/sessions/${tomorrow.body.id}/cancel`, {
      token: host.token,
      body: { reason: "改期" },
    });
    const mine = () => events.seen.filter((e) => ids.includes((e.data as { sessionId: string }).sessionId));
    assert.ok(
      await eventually(() => mine().filter((e) => e.type === "session.reminder").length >= 2, 10_000),
      "reminders arrive",
    );
    // Several more rounds of both instances: still exactly one reminder per session.
    await new Promise((r) => setTimeout(r, 1_500));
    const reminders = mine().filter((e) => e.type === "session.reminder").map((e) =>
      e.data as { sessionId: string; offsetMinutes: number }
    );
    assert.deepEqual(
      reminders.map((r) => [r.sessionId, r.offsetMinutes]).sort(),
      [[inHalfAnHour.body.id, 60], [inThreeMinutes.body.id, 5]].sort(),
    );
    const ofTomorrow = mine().filter((e) => (e.data as { sessionId: string }).sessionId === tomorrow.body.id);
    assert.deepEqual(ofTomorrow.map((e) => e.type), [
      "session.scheduled",
      "session.rescheduled",
      "session.cancelled",
    ]);
    assert.deepEqual(ofTomorrow.map((e) => (e.data as { sequence: number }).sequence), [0, 1, 3]);
  } finally {
    await svc.stop();
    await events.stop();
  }
});

Deno.test("needs-rebrief: an amendment published through policy-admin flags upcoming sessions on it and its topic", async () => {
  const events = await collect("events.>");
  const suite = await startSuite();
  const svc = await startSessions(2);
  try {
    const s = svc.instances[0]!;
    const tokens = await people();
    const places = await ownPlaces();
    const pid = `rebrief-${places.topic.toLowerCase()}`;
    await publishNewPolicy(suite, newPolicy(pid, places.topic, ["110000"]), tokens);
    const host = await newHost();
    const onPolicy = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { policies: [pid], topics: [] }),
    });
    assert.equal(onPolicy.status, 201, JSON.stringify(onPolicy.body));
    const onTopic = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { startsAt: hoursFromNow(60), channelAccount: `t-${host.id}` }),
    });
    const otherPlaces = await ownPlaces();
    const unrelated = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, otherPlaces, { startsAt: hoursFromNow(80), channelAccount: `u-${host.id}` }),
    });
    const cancelled = await call(s, "POST", "/v1/sessions", {
      token: host.token,
      body: newSession(host, places, { startsAt: hoursFromNow(90), channelAccount: `c-${host.id}` }),
    });
    await call(s, "POST", `/v1/sessions/${cancelled.body.id}/cancel`, { token: host.token, body: {} });

    const v1 = await call(suite.policy, "GET", `/v1/policies/${pid}`, { token: tokens.host });
    const draft = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
      token: tokens.operator,
      body: {
        summary: "起付线下调，明天起执行",
        effectiveFrom: addDays(shanghaiToday(), 1),
        changes: [{ field: "title", before: v1.body.title, after: `${v1.body.title}（修订）` }],
      },
    });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    await reviewAndPublish(suite.admin, draft.body.id, tokens);

    const flagged = async (id: string) => (await call(s, "GET", `/v1/sessions/${id}`)).body;
    assert.ok(
      await eventually(async () => (await flagged(onTopic.body.id)).needsRebrief, 15_000),
      "topic session flagged",
    );
    const p = await flagged(onPolicy.body.id);
    assert.equal(p.needsRebrief, true);
    assert.equal(p.rebriefs.length, 1);
    assert.equal(p.rebriefs[0].amendmentId, draft.body.id);
    assert.equal(p.rebriefs[0].summary, "起付线下调，明天起执行");
    assert.equal(p.rebriefs[0].changes[0].field, "title");
    assert.equal((await flagged(unrelated.body.id)).needsRebrief, false);
    assert.equal((await flagged(cancelled.body.id)).needsRebrief, false);
    // The host is told, and policy-admin's propagation report shows the sessions channel.
    assert.ok(
      await eventually(() =>
        events.seen.filter((e) =>
          e.type === "session.needs-rebrief" &&
          (e.data as { amendmentId: string }).amendmentId === draft.body.id
        ).length === 2
      ),
    );
    assert.ok(
      await eventually(async () => {
        const r = await call(suite.admin, "GET", `/v1/amendments/${draft.body.id}/propagation`, {
          token: tokens.operator,
        });
        return r.body.channels?.some((c: { channel: string }) => c.channel === "sessions");
      }, 10_000),
      "channel.synced from sessions recorded",
    );
    const synced = () =>
      events.seen.filter((e) =>
        e.type === "channel.synced" &&
        (e.data as { channel: string; amendmentId?: string }).channel === "sessions" &&
        (e.data as { amendmentId?: string }).amendmentId === draft.body.id
      );
    assert.equal(synced().length, 1, "one acknowledgement");
    // A second acknowledgement (the other instance) would come right after the first: give it the
    // time to, then there is still one.
    await new Promise((r) => setTimeout(r, 2_000));
    assert.equal(synced().length, 1, "still one acknowledgement although two instances run");
    // The host acknowledges the rebrief.
    const cleared = await call(s, "PATCH", `/v1/sessions/${onPolicy.body.id}`, {
      token: host.token,
      body: { needsRebrief: false },
    });
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.needsRebrief, false);
    assert.equal(cleared.body.rebriefs.length, 1);
  } finally {
    await svc.stop();
    await suite.stop();
    await events.stop();
  }
});
