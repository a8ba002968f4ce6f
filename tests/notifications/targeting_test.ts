import assert from "node:assert/strict";
import { Webhook } from "standardwebhooks";
import { createEvent, publishEvent } from "@yibao/events";
import { eventually } from "../harness/mod.ts";
import { call, ownPolicy, publishAmendment, startNotifications } from "./_suite.ts";

Deno.test("targeting - followers of the policy, its topic, its region and regions below it hear once; others and other audiences do not", async () => {
  const s = await startNotifications();
  try {
    // a policy for Zunyi city (520300; no other test uses Guizhou), for insured and elderly people
    const { policyId, topicId } = await ownPolicy("520300");
    const op = s.tokens.operator;
    const hook = await call(s.svc, "POST", "/v1/webhook-endpoints", {
      token: op,
      body: { url: `${s.sink.url}/webhook/${policyId}`, description: "test" },
    });
    assert.equal(hook.status, 201, JSON.stringify(hook.body));
    const endpointId = hook.body.id as string;
    const secret = hook.body.secret as string;
    const make = async (name: string, body: Record<string, unknown>) => {
      const r = await call(s.svc, "POST", "/v1/subscribers", {
        token: op,
        body: { name, channels: [{ type: "webhook", endpointId }], ...body },
      });
      assert.equal(r.status, 201, `${name}: ${JSON.stringify(r.body)}`);
      return r.body.id as string;
    };
    const expected = [
      await make("follows the policy", { follows: { policies: [policyId] } }),
      await make("follows the topic", { follows: { topics: [topicId] } }),
      await make("follows the city", { follows: { regions: ["520300"] } }),
      await make("lives in a county below", { homeRegion: "520302" }),
      await make("elderly, follows the policy and its topic", {
        audiences: ["elderly"],
        follows: { policies: [policyId], topics: [topicId] },
      }),
    ];
    const notExpected = [
      await make("follows another city", { follows: { regions: ["110100"] } }),
      await make("lives in the province above", { homeRegion: "520000" }),
      await make("a hospital, not an audience of the policy", {
        audiences: ["hospital"],
        follows: { policies: [policyId] },
      }),
      await make("opted out of the topic", { follows: { topics: [topicId] }, optOut: { topics: [topicId] } }),
      await make("opted out of webhooks", {
        follows: { policies: [policyId] },
        optOut: { channels: ["webhook"] },
      }),
    ];
    const event = await publishAmendment(s.bus, policyId);
    const summary = async () =>
      (await call(s.svc, "GET", `/v1/events/${event.id}/deliveries`, { token: op })).body;
    assert.ok(
      await eventually(async () => (await summary())?.reached === expected.length, 20_000),
      JSON.stringify(await summary()),
    );
    const sum = await summary();
    assert.equal(
      sum.subscribers,
      expected.length + 1,
      "the webhook opt-out is targeted but gets no delivery",
    );
    assert.equal(sum.total, expected.length);
    assert.deepEqual(sum.channels.map((c: { channel: string }) => c.channel), ["webhook"]);

    const list = await call(s.svc, "GET", `/v1/deliveries?eventId=${encodeURIComponent(event.id)}`, {
      token: op,
    });
    const reached = list.body.items.map((d: { subscriberId: string }) => d.subscriberId).sort();
    assert.deepEqual(reached, [...expected].sort());
    for (const id of notExpected) assert.ok(!reached.includes(id));

    // each message is the CloudEvent, signed per Standard Webhooks, with the event id as webhook-id
    const msgs = s.sink.messages({ prefix: `/webhook/${policyId}` });
    assert.equal(msgs.length, expected.length);
    for (const m of msgs) {
      assert.equal(m.headers["webhook-id"], event.id);
      const payload = new Webhook(secret).verify(m.body, m.headers) as {
        id: string;
        type: string;
        data: { policyId: string };
      };
      assert.equal(payload.id, event.id);
      assert.equal(payload.data.policyId, policyId);
    }
    // the same event again (a redelivery, or a second relay) creates nothing new
    await publishAmendment(s.bus, policyId, {}).catch(() => {});
    const again = await call(s.svc, "GET", `/v1/events/${event.id}/deliveries`, { token: op });
    assert.equal(again.body.total, expected.length);
  } finally {
    await s.stop();
  }
});

Deno.test("targeting - policy.version.effective reaches followers too, and an endpoint only gets the event types it asked for", async () => {
  const s = await startNotifications();
  try {
    const { policyId } = await ownPolicy("130000");
    const op = s.tokens.operator;
    const all = await call(s.svc, "POST", "/v1/webhook-endpoints", {
      token: op,
      body: { url: `${s.sink.url}/webhook/${policyId}/all` },
    });
    const only = await call(s.svc, "POST", "/v1/webhook-endpoints", {
      token: op,
      body: {
        url: `${s.sink.url}/webhook/${policyId}/published-only`,
        eventTypes: ["policy.amendment.published"],
      },
    });
    for (const endpointId of [all.body.id, only.body.id]) {
      const r = await call(s.svc, "POST", "/v1/subscribers", {
        token: op,
        body: {
          kind: "partnerApp",
          channels: [{ type: "webhook", endpointId }],
          follows: { regions: ["130100"] },
        },
      });
      assert.equal(r.status, 201);
    }
    const event = createEvent({
      type: "policy.version.effective",
      source: "/tests/notifications",
      subject: policyId,
      data: { policyId, version: 2, effectiveFrom: "2025-07-01" },
    });
    await publishEvent(s.bus, event);
    assert.ok(
      await eventually(() => s.sink.messages({ prefix: `/webhook/${policyId}/all` }).length === 1, 20_000),
    );
    const sum = await call(s.svc, "GET", `/v1/events/${event.id}/deliveries`, { token: op });
    assert.ok(
      await eventually(
        async () =>
          (await call(s.svc, "GET", `/v1/events/${event.id}/deliveries`, { token: op })).body.settledAt,
        20_000,
      ),
    );
    assert.equal(sum.body.eventType, "policy.version.effective");
    assert.equal(s.sink.messages({ prefix: `/webhook/${policyId}/published-only` }).length, 0);
    assert.equal(
      JSON.parse(s.sink.messages({ prefix: `/webhook/${policyId}/all` })[0]!.body).type,
      "policy.version.effective",
    );
  } finally {
    await s.stop();
  }
});
