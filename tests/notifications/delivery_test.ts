import assert from "node:assert/strict";
import { nanos } from "@nats-io/nats-core";
import { AckPolicy, DeliverPolicy } from "@nats-io/jetstream";
import { eventually, testGraph } from "../harness/mod.ts";
import { call, type NotifySuite, ownPolicy, publishAmendment, startNotifications } from "./_suite.ts";

// deno-lint-ignore no-explicit-any -- JSON bodies, asserted field by field
type Json = any;

async function endpointFor(s: NotifySuite, path: string): Promise<string> {
  const r = await call(s.svc, "POST", "/v1/webhook-endpoints", {
    token: s.tokens.operator,
    body: { url: `${s.sink.url}${path}` },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}

async function subscriber(s: NotifySuite, body: Record<string, unknown>): Promise<string> {
  const r = await call(s.svc, "POST", "/v1/subscribers", { token: s.tokens.operator, body });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}

async function deliveryOf(s: NotifySuite, eventId: string, subscriberId: string): Promise<Json> {
  const r = await call(
    s.svc,
    "GET",
    `/v1/deliveries?eventId=${encodeURIComponent(eventId)}&subscriberId=${subscriberId}`,
    {
      token: s.tokens.operator,
    },
  );
  return r.body.items[0];
}

async function failedEventsFor(s: NotifySuite, deliveryId: string): Promise<Json[]> {
  // an ephemeral consumer of its own (this NATS predates multi-filter ordered consumers)
  const ci = await s.bus.jsm.consumers.add("EVENTS", {
    filter_subject: "events.notification.failed",
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.All,
    inactive_threshold: nanos(60_000),
  });
  const consumer = await s.bus.js.consumers.get("EVENTS", ci.name);
  const out: Json[] = [];
  const info = await s.bus.jsm.streams.info("EVENTS", { subjects_filter: "events.notification.failed" });
  const total = (info.state.subjects?.["events.notification.failed"] as number | undefined) ?? 0;
  if (!total) return out;
  const msgs = await consumer.fetch({ max_messages: total, expires: 2_000 });
  let seen = 0;
  for await (const m of msgs) {
    const e = m.json<Json>();
    if (e.data.deliveryId === deliveryId) out.push(e);
    if (++seen >= total) break;
  }
  return out;
}

Deno.test("retries - 500s then success, 429 with Retry-After, 410 disables the endpoint, a redirect is not followed, dead then replayed", async () => {
  const s = await startNotifications();
  try {
    const { policyId } = await ownPolicy("370600");
    const p = (x: string) => `/webhook/${policyId}/${x}`;
    const names = ["flaky", "busy", "gone", "moved", "down"] as const;
    const ids: Record<string, string> = {};
    const endpoints: Record<string, string> = {};
    for (const name of names) {
      endpoints[name] = await endpointFor(s, p(name));
      ids[name] = await subscriber(s, {
        channels: [{ type: "webhook", endpointId: endpoints[name] }],
        follows: { policies: [policyId] },
      });
    }
    s.sink.program(p("flaky"), [{ status: 500 }, { status: 503 }]);
    s.sink.program(p("busy"), [{ status: 429, retryAfter: "2" }]);
    s.sink.program(p("gone"), [{ status: 410 }]);
    s.sink.program(p("moved"), [{ status: 302, location: "http://169.254.169.254/latest/meta-data" }]);
    s.sink.program(p("down"), [{ status: 500 }, { status: 500 }, { status: 500 }]);
    const event = await publishAmendment(s.bus, policyId);
    const final = new Set(["sent", "dead"]);
    assert.ok(
      await eventually(async () => {
        for (const name of names) {
          if (!final.has((await deliveryOf(s, event.id, ids[name]!))?.status)) return false;
        }
        return true;
      }, 30_000),
    );
    const d = async (name: string) => await deliveryOf(s, event.id, ids[name]!);

    const flaky = await d("flaky");
    assert.equal(flaky.status, "sent");
    assert.equal(flaky.attempts, 3);
    assert.deepEqual(s.sink.messages({ prefix: p("flaky") }).map((m) => m.status), [500, 503, 200]);

    const busy = s.sink.messages({ prefix: p("busy") });
    assert.deepEqual(busy.map((m) => m.status), [429, 200]);
    assert.ok(
      busy[1]!.at - busy[0]!.at >= 2_000,
      "waited for Retry-After (2 s), longer than the schedule's 300 ms",
    );
    assert.equal((await d("busy")).status, "sent");

    const gone = await d("gone");
    assert.equal(gone.status, "dead");
    assert.equal(gone.lastStatus, 410);
    const ep = await call(s.svc, "GET", `/v1/webhook-endpoints/${endpoints.gone}`, {
      token: s.tokens.operator,
    });
    assert.equal(ep.body.status, "disabled");
    assert.match(ep.body.disabledReason, /410/);

    const moved = await d("moved");
    assert.equal(moved.status, "dead");
    assert.match(moved.lastError, /redirect .* not followed/);
    assert.equal(s.sink.messages({ prefix: p("moved") }).length, 1);

    const down = await d("down");
    assert.equal(down.status, "dead");
    assert.equal(down.attempts, 3);
    assert.match(down.lastError, /HTTP 500/);
    // the dead-letter state is visible, and an operator replays it
    const dead = await call(
      s.svc,
      "GET",
      `/v1/deliveries?eventId=${encodeURIComponent(event.id)}&status=dead`,
      {
        token: s.tokens.operator,
      },
    );
    assert.deepEqual(
      dead.body.items.map((x: Json) => x.subscriberId).sort(),
      [ids.gone, ids.moved, ids.down].sort(),
    );
    // operators' tools hear of it through notification.failed
    const failed = await failedEventsFor(s, down.id);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.data.eventId, event.id);
    assert.match(failed[0]!.data.error, /HTTP 500/);
    const replay = await call(s.svc, "POST", `/v1/deliveries/${down.id}/replay`, {
      token: s.tokens.operator,
    });
    assert.equal(replay.status, 202, JSON.stringify(replay.body));
    assert.ok(await eventually(async () => (await d("down")).status === "sent", 20_000));
    assert.equal((await d("down")).attempts, 4);
    // a sent delivery is not replayed
    const again = await call(s.svc, "POST", `/v1/deliveries/${down.id}/replay`, { token: s.tokens.operator });
    assert.equal(again.status, 409);
    // the event is settled: N of M by channel
    const sum = await call(s.svc, "GET", `/v1/events/${encodeURIComponent(event.id)}/deliveries`, {
      token: s.tokens.operator,
    });
    assert.equal(sum.body.total, 5);
    assert.equal(sum.body.reached, 3);
    assert.deepEqual(sum.body.channels[0].statuses, {
      pending: 0,
      deferred: 0,
      sent: 3,
      failed: 0,
      dead: 2,
      skipped: 0,
    });
  } finally {
    await s.stop();
  }
});

Deno.test("SSRF at delivery - an endpoint whose address is private is refused when sending, not only when registering", async () => {
  const s = await startNotifications();
  const graph = testGraph();
  try {
    const { policyId } = await ownPolicy("370600");
    const endpointId = await endpointFor(s, `/webhook/${policyId}/ok`);
    const sub = await subscriber(s, {
      channels: [{ type: "webhook", endpointId }],
      follows: { policies: [policyId] },
    });
    // the address changed behind the service's back (as DNS may)
    await graph.write((tx) =>
      tx.run("MATCH (w:WebhookEndpoint {id: $id}) SET w.url = 'http://10.1.2.3/hook'", { id: endpointId })
    );
    const event = await publishAmendment(s.bus, policyId);
    assert.ok(await eventually(async () => (await deliveryOf(s, event.id, sub))?.status === "dead", 20_000));
    assert.match((await deliveryOf(s, event.id, sub)).lastError, /refused URL: .*10\.1\.2\.3/);
  } finally {
    await graph.close();
    await s.stop();
  }
});

Deno.test("channels - SMS, WeChat, app push and email reach the sink in the subscriber's language and style; SMS segments are counted", async () => {
  const s = await startNotifications();
  try {
    const { policyId } = await ownPolicy("370600");
    const phone = `1390${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    const elder = await subscriber(s, {
      channels: [
        { type: "sms", phone },
        { type: "wechat", openId: `o${crypto.randomUUID().replace(/-/g, "")}` },
        { type: "appPush", token: `tok-${crypto.randomUUID()}` },
        { type: "email", email: `${crypto.randomUUID().slice(0, 8)}@example.com` },
      ],
      audiences: ["elderly"],
      elderFriendly: true,
      follows: { policies: [policyId] },
    });
    const englishEmail = `${crypto.randomUUID().slice(0, 8)}@example.org`;
    const english = await subscriber(s, {
      channels: [{ type: "email", email: englishEmail }],
      language: "en",
      follows: { policies: [policyId] },
    });
    const event = await publishAmendment(s.bus, policyId);
    assert.ok(
      await eventually(() => s.sink.messages().filter((m) => m.body.includes(event.id)).length === 5, 20_000),
    );
    const mine = s.sink.messages().filter((m) => m.body.includes(event.id)).map((m) => ({
      ...m,
      json: JSON.parse(m.body),
    }));
    assert.deepEqual(mine.map((m) => m.channel).sort(), ["appPush", "email", "email", "sms", "wechat"]);
    const sms = mine.find((m) => m.channel === "sms")!.json;
    assert.equal(sms.to, `+86${phone}`);
    assert.ok(
      sms.body.startsWith("【医保政策通】医保政策有变化：测试门诊统筹政策有调整。起付线下调。"),
      sms.body,
    );
    assert.match(sms.body, /2025年7月1日起执行/);
    assert.match(sms.body, /12393/);
    assert.ok(sms.segments >= 1);
    const smsDelivery = (await call(
      s.svc,
      "GET",
      `/v1/deliveries?eventId=${encodeURIComponent(event.id)}&subscriberId=${elder}&channel=sms`,
      {
        token: s.tokens.operator,
      },
    )).body.items[0];
    assert.equal(smsDelivery.segments, sms.segments);
    const en = mine.find((m) => m.json.to === englishEmail)!.json;
    assert.match(en.title, /^Policy change: /);
    assert.match(en.body, /In force from 1 July 2025\./);
    assert.doesNotMatch(en.body, /1300|1800/);
    assert.ok(english);
    assert.ok(mine.find((m) => m.channel === "wechat")!.json.templateData.first);
  } finally {
    await s.stop();
  }
});

function shanghaiHHMM(offsetMinutes: number): string {
  const t = new Date(Date.now() + offsetMinutes * 60_000);
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Shanghai",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  })
    .format(t);
}

Deno.test("quiet hours - a push in the window is deferred (not dropped) and delivered when the window ends", async () => {
  const s = await startNotifications();
  try {
    const { policyId } = await ownPolicy("370600");
    const phone = `1370${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    const quietHours = { start: shanghaiHHMM(-30), end: shanghaiHHMM(2), timeZone: "Asia/Shanghai" };
    const sub = await subscriber(s, {
      channels: [{ type: "sms", phone }],
      quietHours,
      follows: { policies: [policyId] },
    });
    const event = await publishAmendment(s.bus, policyId);
    assert.ok(
      await eventually(async () => (await deliveryOf(s, event.id, sub))?.status === "deferred", 20_000),
    );
    const deferred = await deliveryOf(s, event.id, sub);
    assert.equal(deferred.attempts, 0);
    assert.equal(s.sink.messages({ channel: "sms" }).filter((m) => m.body.includes(phone)).length, 0);
    const until = Date.parse(deferred.dueAt);
    assert.ok(until > Date.now() && until <= Date.now() + 3 * 60_000, deferred.dueAt);
    assert.ok(await eventually(async () => (await deliveryOf(s, event.id, sub))?.status === "sent", 200_000));
    const sent = await deliveryOf(s, event.id, sub);
    assert.ok(
      Date.parse(sent.sentAt) >= until,
      `sent ${sent.sentAt}, after the window ended ${deferred.dueAt}`,
    );
    assert.equal(s.sink.messages({ channel: "sms" }).filter((m) => m.body.includes(phone)).length, 1);
  } finally {
    await s.stop();
  }
});

Deno.test("digest - two changes within the window reach a digest subscriber as one message", async () => {
  // a window long enough that both events are fanned out within it on a busy machine
  const s = await startNotifications({ DIGEST_WINDOW_MS: "8000" });
  try {
    const a = await ownPolicy("370600");
    const b = await ownPolicy("370600");
    const phone = `1350${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    const sub = await subscriber(s, {
      channels: [{ type: "sms", phone }],
      digest: true,
      follows: { policies: [a.policyId, b.policyId] },
    });
    const e1 = await publishAmendment(s.bus, a.policyId);
    const e2 = await publishAmendment(s.bus, b.policyId, { summary: "报销比例提高。" });
    assert.ok(
      await eventually(
        async () =>
          (await deliveryOf(s, e1.id, sub))?.status === "sent" &&
          (await deliveryOf(s, e2.id, sub))?.status === "sent",
        20_000,
      ),
    );
    const msgs = s.sink.messages({ channel: "sms" }).filter((m) => m.body.includes(`+86${phone}`));
    assert.equal(msgs.length, 1, "one message for both changes");
    const body = JSON.parse(msgs[0]!.body).body as string;
    assert.match(body, /医保政策更新（2条）/);
    assert.match(body, /起付线下调/);
    assert.match(body, /报销比例提高/);
  } finally {
    await s.stop();
  }
});
