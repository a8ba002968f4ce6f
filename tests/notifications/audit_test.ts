import assert from "node:assert/strict";
import { runService } from "@yibao/kit";
import { service as policyAdmin } from "../../services/policy-admin/service.ts";
import { serviceEnv } from "../harness/mod.ts";
import { call, ownPolicy, startNotifications } from "./_suite.ts";

// deno-lint-ignore no-explicit-any -- audit entries as JSON
type Entry = any;

Deno.test("notifications: subscribers and webhook endpoints have an audit trail, and an erasure's entry holds no personal data", async (t) => {
  const s = await startNotifications();
  const admin = await runService(policyAdmin, { env: serviceEnv(), handleSignals: false });
  const op = s.tokens.operator;
  const trail = async (entityId: string, entityType: string): Promise<Entry[]> => {
    const r = await call(admin, "GET", `/v1/audit?entityId=${entityId}&entityType=${entityType}`, {
      token: s.tokens.reviewer,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items;
  };
  const phone = "+8613900139123";
  const email = "zhang.ayi@example.cn";
  const openId = "oAUDIT-openid-123456";
  try {
    const { policyId } = await ownPolicy("370600");
    const endpoint = await call(s.svc, "POST", "/v1/webhook-endpoints", {
      token: op,
      body: { url: `${s.sink.url}/webhook/audit` },
    });
    assert.equal(endpoint.status, 201, JSON.stringify(endpoint.body));
    const we = endpoint.body.id as string;
    const created = await call(s.svc, "POST", "/v1/subscribers", {
      token: op,
      body: {
        name: "张阿姨",
        channels: [{ type: "sms", phone }, { type: "email", email }],
        follows: { policies: [policyId], topics: [], regions: [] },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;

    await t.step("creation: who, and the subscriber without its addresses", async () => {
      const [e] = await trail(id, "subscriber");
      assert.equal(e.action, "subscriber.create");
      assert.equal(e.actorId, "user:op-ann");
      assert.equal(e.actorRole, "operator");
      assert.equal(e.before, null);
      assert.deepEqual(e.after.channels, [{ type: "sms" }, { type: "email" }]);
      assert.deepEqual(e.after.follows.policies, [policyId]);
    });
    await t.step("a change of channels: before and after, and which fields changed", async () => {
      const r = await call(s.svc, "PATCH", `/v1/subscribers/${id}`, {
        token: op,
        body: {
          channels: [{ type: "wechat", openId }, { type: "webhook", endpointId: we }],
          elderFriendly: true,
        },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const [e] = await trail(id, "subscriber");
      assert.equal(e.action, "subscriber.update");
      assert.deepEqual(e.before.channels, [{ type: "sms" }, { type: "email" }]);
      assert.deepEqual(e.after.channels, [{ type: "wechat" }, { type: "webhook", endpointId: we }]);
      assert.deepEqual(e.after.changed, ["channels", "elderFriendly"]);
      assert.equal(e.before.elderFriendly, false);
      assert.equal(e.after.elderFriendly, true);
    });
    await t.step("a refused change writes no entry", async () => {
      const count = (await trail(id, "subscriber")).length;
      const r = await call(s.svc, "PATCH", `/v1/subscribers/${id}`, {
        token: op,
        body: { follows: { policies: ["no-such-policy-audit"] } },
      });
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.equal((await trail(id, "subscriber")).length, count);
    });
    await t.step(
      "webhook endpoints: update, rotate, delete (which changes the subscriber's channels)",
      async () => {
        const u = await call(s.svc, "PATCH", `/v1/webhook-endpoints/${we}`, {
          token: op,
          body: { description: "合作方推送" },
        });
        assert.equal(u.status, 200, JSON.stringify(u.body));
        const rot = await call(s.svc, "POST", `/v1/webhook-endpoints/${we}/rotate-secret`, { token: op });
        assert.equal(rot.status, 200, JSON.stringify(rot.body));
        assert.equal((await call(s.svc, "DELETE", `/v1/webhook-endpoints/${we}`, { token: op })).status, 204);
        const entries = await trail(we, "webhookEndpoint");
        assert.deepEqual(entries.map((e) => e.action), [
          "webhookEndpoint.delete",
          "webhookEndpoint.rotate",
          "webhookEndpoint.update",
          "webhookEndpoint.create",
        ]);
        const [del, rotate, update, create] = entries;
        assert.equal(create.after.url, `${s.sink.url}/webhook/audit`);
        assert.equal(update.before.description, null);
        assert.equal(update.after.description, "合作方推送");
        assert.equal(rotate.after.secretRotated, true);
        assert.equal(del.before.id, we);
        assert.equal(del.after, null);
        const text = JSON.stringify(entries);
        assert.ok(
          !text.includes(rot.body.secret) && !text.includes(endpoint.body.secret),
          "no secret in the trail",
        );
        const [ch] = await trail(id, "subscriber");
        assert.equal(ch.action, "subscriber.channels");
        assert.deepEqual(ch.before.channels, ["wechat", "webhook"]);
        assert.deepEqual(ch.after.channels, ["wechat"]);
      },
    );
    await t.step(
      "erasure: recorded under an alias, with nothing of the person in the subscriber's trail",
      async () => {
        const erased = await call(s.svc, "DELETE", `/v1/subscribers/${id}`, { token: op });
        assert.equal(erased.status, 204);
        assert.deepEqual(await trail(id, "subscriber"), [], "no entry names the erased subscriber any more");
        const mine = await call(
          admin,
          "GET",
          "/v1/audit?entityType=subscriber&actorId=user:op-ann&limit=500",
          {
            token: s.tokens.operator,
          },
        );
        const erasure = (mine.body.items as Entry[]).find((e) =>
          e.requestId === erased.headers.get("x-request-id")
        );
        assert.ok(erasure, "the erasure's entry");
        assert.equal(erasure.action, "subscriber.erase");
        assert.equal(erasure.actorId, "user:op-ann");
        assert.deepEqual(erasure.after, { erased: true, deliveriesAnonymised: 0 });
        assert.match(erasure.entityId, /^erased-/);
        const entries = await trail(erasure.entityId, "subscriber");
        assert.deepEqual(entries.map((e) => e.action), [
          "subscriber.erase",
          "subscriber.channels",
          "subscriber.update",
          "subscriber.create",
        ]);
        const text = JSON.stringify(entries);
        for (const personal of [phone, "13900139123", email, openId, "张阿姨", id]) {
          assert.ok(!text.includes(personal), `no ${personal} in the trail`);
        }
        assert.equal((await call(s.svc, "DELETE", `/v1/subscribers/${id}`, { token: op })).status, 404);
        assert.equal((await trail(erasure.entityId, "subscriber")).length, entries.length);
      },
    );
  } finally {
    await admin.shutdown();
    await s.stop();
  }
});
