import assert from "node:assert/strict";
import { createEvent, publishEvent } from "@yibao/events";
import { eventually, testGraph } from "../harness/mod.ts";
import { newPolicy, ownTopic, people, publishNewPolicy, startSuite } from "../policy/_suite.ts";
import { call, startNotifications } from "./_suite.ts";

Deno.test("propagation - an amendment published through policy-admin reaches the topic's followers, and the propagation report shows N of M for notifications", async () => {
  const s = await startNotifications();
  const suite = await startSuite();
  try {
    const tokens = await people();
    const topic = await ownTopic();
    const endpoint = await call(s.svc, "POST", "/v1/webhook-endpoints", {
      token: s.tokens.operator,
      body: { url: `${s.sink.url}/webhook/${topic}` },
    });
    for (let i = 0; i < 3; i++) {
      const r = await call(s.svc, "POST", "/v1/subscribers", {
        token: s.tokens.operator,
        body: {
          kind: "partnerApp",
          channels: [{ type: "webhook", endpointId: endpoint.body.id }],
          follows: { topics: [topic] },
        },
      });
      assert.equal(r.status, 201);
    }
    const policyId = `pol-${topic.slice(1, 12).toLowerCase()}`;
    const amendment = await publishNewPolicy(suite, newPolicy(policyId, topic, ["370602"]), tokens);
    const eventId = amendment.publishedEventId as string;
    assert.ok(eventId);
    assert.ok(await eventually(() => s.sink.messages({ prefix: `/webhook/${topic}` }).length >= 3, 30_000));
    const report = async () =>
      (await call(suite.admin, "GET", `/v1/amendments/${amendment.id}/propagation`, {
        token: tokens.operator,
      })).body;
    assert.ok(
      await eventually(
        async () => (await report()).channels.some((c: { channel: string }) => c.channel === "notifications"),
        30_000,
      ),
      JSON.stringify(await report()),
    );
    // the scheduler acknowledges (channel.synced) first and marks the event settled after: the report can
    // show notifications a moment before settledAt is written
    const summary = () =>
      call(s.svc, "GET", `/v1/events/${encodeURIComponent(eventId)}/deliveries`, {
        token: s.tokens.operator,
      });
    await eventually(async () => Boolean((await summary()).body.settledAt), 10_000);
    const sum = await summary();
    assert.equal(sum.body.amendmentId, amendment.id);
    assert.equal(sum.body.reached, 3);
    assert.equal(sum.body.total, 3);
    assert.ok(sum.body.settledAt);
  } finally {
    await suite.stop();
    await s.stop();
  }
});

Deno.test("sessions - a session.reminder reaches those following what the session COVERS, with its title and start", async () => {
  const s = await startNotifications();
  const graph = testGraph();
  try {
    const topic = await ownTopic();
    const sessionId = `ses-${crypto.randomUUID()}`;
    // the sessions service writes LiveSession nodes and COVERS links; this test writes the same shape
    await graph.write((tx) =>
      tx.run(
        "MATCH (t:Topic {id: $topic}) CREATE (l:LiveSession {id: $id, title: '异地就医备案怎么办', startsAt: datetime('2025-07-01T12:00:00Z')})-[:COVERS]->(t)",
        { topic, id: sessionId },
      )
    );
    const email = `${crypto.randomUUID().slice(0, 8)}@example.com`;
    const r = await call(s.svc, "POST", "/v1/subscribers", {
      token: s.tokens.operator,
      body: { channels: [{ type: "email", email }], follows: { topics: [topic] } },
    });
    assert.equal(r.status, 201);
    await publishEvent(
      s.bus,
      createEvent({ type: "session.reminder", source: "/tests", subject: sessionId, data: { sessionId } }),
    );
    assert.ok(
      await eventually(
        () => s.sink.messages({ channel: "email" }).some((m) => m.body.includes(email)),
        20_000,
      ),
    );
    const msg = JSON.parse(s.sink.messages({ channel: "email" }).find((m) => m.body.includes(email))!.body);
    assert.equal(msg.title, "直播提醒：异地就医备案怎么办");
    assert.match(msg.body, /7\/1 20:00/);
  } finally {
    await graph.close();
    await s.stop();
  }
});
