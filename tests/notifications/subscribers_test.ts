import assert from "node:assert/strict";
import { Webhook } from "standardwebhooks";
import { generateApiKey, saveApiKey } from "@yibao/kit";
import { eventually, testGraph } from "../harness/mod.ts";
import { call, ownPolicy, publishAmendment, startNotifications } from "./_suite.ts";

// deno-lint-ignore no-explicit-any -- JSON bodies, asserted field by field
type Json = any;

Deno.test("subscribers - create, read, patch, list; bad input is a 400/422 naming the field and stores nothing", async (t) => {
  const s = await startNotifications();
  const op = s.tokens.operator;
  try {
    const { policyId, topicId } = await ownPolicy("370600");
    const name = `bad-input-${crypto.randomUUID().slice(0, 6)}`;
    const valid = {
      name,
      channels: [{ type: "sms", phone: "+86 13800138000" }],
      audiences: ["retired"],
      homeRegion: "370602",
      follows: { policies: [policyId], topics: [topicId], regions: ["370600"] },
      quietHours: { start: "22:00", end: "07:00" },
    };
    let id = "";
    await t.step("created with defaults; the phone is normalised", async () => {
      const r = await call(s.svc, "POST", "/v1/subscribers", { token: op, body: valid });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      id = r.body.id;
      assert.equal(r.headers.get("location"), `/v1/subscribers/${id}`);
      assert.deepEqual(r.body.channels, [{ type: "sms", phone: "+8613800138000" }]);
      assert.equal(r.body.language, "zh-CN");
      assert.deepEqual(r.body.quietHours, { start: "22:00", end: "07:00", timeZone: "Asia/Shanghai" });
      assert.deepEqual(r.body.follows, { policies: [policyId], topics: [topicId], regions: ["370600"] });
      assert.equal(r.body.homeRegion, "370602");
      const got = await call(s.svc, "GET", `/v1/subscribers/${id}`, { token: op });
      assert.deepEqual(got.body, r.body);
    });
    await t.step("patch replaces the given fields only", async () => {
      const r = await call(s.svc, "PATCH", `/v1/subscribers/${id}`, {
        token: op,
        body: { language: "en", elderFriendly: true, follows: { regions: ["110100"] } },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.language, "en");
      assert.equal(r.body.elderFriendly, true);
      assert.deepEqual(r.body.follows, { policies: [], topics: [], regions: ["110100"] });
      assert.equal(r.body.homeRegion, "370602");
      const before = (await call(s.svc, "GET", `/v1/subscribers/${id}`, { token: op })).body;
      const optedOut = await call(s.svc, "PATCH", `/v1/subscribers/${id}`, {
        token: op,
        body: { optOut: { channels: ["sms"], topics: [] }, audiences: ["elderly"] },
      });
      assert.equal(optedOut.status, 200, JSON.stringify(optedOut.body));
      const other = await call(s.svc, "PATCH", `/v1/subscribers/${id}`, {
        token: op,
        body: { digest: true },
      });
      assert.equal(other.status, 200, JSON.stringify(other.body));
      const { digest: _d, updatedAt: _u, ...rest } = other.body;
      const { digest: _d2, updatedAt: _u2, ...expected } = { ...before, ...optedOut.body };
      assert.deepEqual(
        rest,
        expected,
        "a PATCH about one field leaves every other field, opt-outs included, as it was",
      );
      assert.deepEqual(other.body.optOut, { channels: ["sms"], topics: [] });
      const noBody = await call(s.svc, "PATCH", `/v1/subscribers/${id}`, { token: op });
      assert.equal(noBody.status, 400, "a PATCH without a body is a 400, not a 500 (found by schemathesis)");
      assert.deepEqual(noBody.body.errors.map((e: { path: string }) => e.path), ["body"]);
      assert.deepEqual(other.body.audiences, ["elderly"]);
      assert.equal(other.body.kind, before.kind);
    });
    const bad: [string, unknown, number, string][] = [
      [
        "an invalid phone",
        { ...valid, channels: [{ type: "sms", phone: "12345" }] },
        400,
        "body.channels.0.phone",
      ],
      [
        "an unknown channel type",
        { ...valid, channels: [{ type: "fax", number: "010-1234" }] },
        400,
        "body.channels.0.type",
      ],
      [
        "two addresses for one channel",
        { ...valid, channels: [{ type: "email", email: "a@b.cn" }, { type: "email", email: "c@d.cn" }] },
        400,
        "body.channels",
      ],
      ["an unknown topic", { ...valid, follows: { topics: ["noSuchTopic"] } }, 422, "body.follows.topics"],
      ["an unknown region", { ...valid, follows: { regions: ["999999"] } }, 422, "body.follows.regions"],
      ["an unknown home region", { ...valid, homeRegion: "999998" }, 422, "body.homeRegion"],
      ["an unknown policy", { ...valid, follows: { policies: ["pol-nope"] } }, 422, "body.follows.policies"],
      [
        "an unknown webhook endpoint",
        { ...valid, channels: [{ type: "webhook", endpointId: "whe_00000000-nope" }] },
        422,
        "body.channels",
      ],
      [
        "a time zone that does not exist",
        { ...valid, quietHours: { start: "22:00", end: "07:00", timeZone: "Mars/Olympus" } },
        400,
        "body.quietHours.timeZone",
      ],
      ["an unknown field", { ...valid, vip: true }, 400, "body"],
    ];
    for (const [what, body, status, path] of bad) {
      await t.step(`${what} → ${status} at ${path}`, async () => {
        const r = await call(s.svc, "POST", "/v1/subscribers", { token: op, body });
        assert.equal(r.status, status, JSON.stringify(r.body));
        assert.equal(r.headers.get("content-type"), "application/problem+json; charset=utf-8");
        assert.ok(r.body.errors.some((e: Json) => e.path.startsWith(path)), JSON.stringify(r.body.errors));
      });
    }
    await t.step("an oversized payload → 413", async () => {
      const r = await call(s.svc, "POST", "/v1/subscribers", {
        token: op,
        body: { ...valid, name: "x".repeat(2_000_000) },
      });
      assert.equal(r.status, 413);
    });
    await t.step("nothing partially stored: only the valid subscriber carries the name", async () => {
      const graph = testGraph();
      try {
        const n = await graph.read(async (tx) =>
          (await tx.run("MATCH (s:Subscriber {name: $name}) RETURN count(s) AS n", { name })).records[0]!.get(
            "n",
          )
        );
        assert.equal(Number(n), 1);
      } finally {
        await graph.close();
      }
    });
  } finally {
    await s.stop();
  }
});

Deno.test("erase - DELETE removes the person and their addresses; deliveries remain only as anonymous counts", async () => {
  const s = await startNotifications();
  const op = s.tokens.operator;
  const graph = testGraph();
  try {
    const { policyId } = await ownPolicy("370600");
    const phone = `1580${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    // a name no other test uses: the check below scans the whole graph for it
    const name = `王阿姨${crypto.randomUUID().slice(0, 6)}`;
    const r = await call(s.svc, "POST", "/v1/subscribers", {
      token: op,
      body: {
        name,
        channels: [{ type: "sms", phone }],
        homeRegion: "370602",
        follows: { policies: [policyId] },
      },
    });
    const id = r.body.id;
    const event = await publishAmendment(s.bus, policyId);
    const summary = async () =>
      (await call(s.svc, "GET", `/v1/events/${encodeURIComponent(event.id)}/deliveries`, { token: op })).body;
    const mine = async () =>
      (await call(s.svc, "GET", `/v1/deliveries?eventId=${encodeURIComponent(event.id)}&subscriberId=${id}`, {
        token: op,
      })).body.items[0];
    assert.ok(await eventually(async () => (await mine())?.status === "sent", 20_000));
    const counts = await summary();
    const before = await graph.read(async (tx) =>
      Number(
        (await tx.run("MATCH (t:ErasureTally {name: 'subscribers'}) RETURN coalesce(t.count, 0) AS n", {}))
          .records[0]?.get("n") ?? 0,
      )
    );
    assert.equal((await call(s.svc, "DELETE", `/v1/subscribers/${id}`, { token: op })).status, 204);
    assert.equal((await call(s.svc, "GET", `/v1/subscribers/${id}`, { token: op })).status, 404);
    assert.equal((await call(s.svc, "DELETE", `/v1/subscribers/${id}`, { token: op })).status, 404);
    // the counts stay as they were
    const after = await summary();
    assert.equal(after.total, counts.total);
    assert.ok(after.reached >= 1);
    // nothing personal is left anywhere in the graph
    const leftovers = await graph.read(async (tx) =>
      (await tx.run(
        `MATCH (n) WHERE any(k IN keys(n) WHERE toStringOrNull(n[k]) CONTAINS $phone OR toStringOrNull(n[k]) CONTAINS $id OR toStringOrNull(n[k]) CONTAINS $name)
         RETURN labels(n) AS labels`,
        { phone, id, name },
      )).records.map((x) => x.get("labels"))
    );
    assert.deepEqual(leftovers, []);
    const tally = await graph.read(async (tx) =>
      Number(
        (await tx.run("MATCH (t:ErasureTally {name: 'subscribers'}) RETURN t.count AS n", {})).records[0]!
          .get("n"),
      )
    );
    assert.ok(tally >= before + 1);
    const list = await call(
      s.svc,
      "GET",
      `/v1/deliveries?eventId=${encodeURIComponent(event.id)}&limit=500`,
      { token: op },
    );
    const anonymous = list.body.items.filter((d: Json) => d.subscriberId === null);
    assert.equal(anonymous.length, 1);
    assert.equal(anonymous[0].status, "sent");
  } finally {
    await graph.close();
    await s.stop();
  }
});

Deno.test("webhook endpoints - SSRF refusals at registration; the secret shows once; rotation signs with both secrets", async (t) => {
  const s = await startNotifications();
  const op = s.tokens.operator;
  try {
    for (
      const url of [
        "http://169.254.169.254/latest/meta-data/",
        "https://10.0.0.8/hook",
        "https://192.168.1.20/hook",
        "https://100.64.0.1/hook",
        "https://[::1]/hook",
        "https://[fd00::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://0x7f000002/hook",
        "ftp://127.0.0.1/hook",
        "https://user:pass@127.0.0.1/hook",
        "not even a url",
      ]
    ) {
      await t.step(`refused: ${url}`, async () => {
        const r = await call(s.svc, "POST", "/v1/webhook-endpoints", { token: op, body: { url } });
        assert.equal(r.status, 422, JSON.stringify(r.body));
        assert.equal(r.body.errors[0].path, "body.url");
      });
    }
    await t.step("a PATCH to a refused URL is refused too", async () => {
      const ok = await call(s.svc, "POST", "/v1/webhook-endpoints", {
        token: op,
        body: { url: `${s.sink.url}/webhook/ok` },
      });
      const r = await call(s.svc, "PATCH", `/v1/webhook-endpoints/${ok.body.id}`, {
        token: op,
        body: { url: "https://10.9.9.9/x" },
      });
      assert.equal(r.status, 422);
      assert.equal(
        (await call(s.svc, "GET", `/v1/webhook-endpoints/${ok.body.id}`, { token: op })).body.url,
        `${s.sink.url}/webhook/ok`,
      );
    });
    await t.step(
      "rotation: the next message carries the new and the previous signature; both verify",
      async () => {
        const { policyId } = await ownPolicy("370600");
        const created = await call(s.svc, "POST", "/v1/webhook-endpoints", {
          token: op,
          body: { url: `${s.sink.url}/webhook/${policyId}`, eventTypes: ["policy.amendment.published"] },
        });
        assert.match(created.body.secret, /^whsec_/);
        const listed = await call(s.svc, "GET", `/v1/webhook-endpoints/${created.body.id}`, { token: op });
        assert.equal(listed.body.secret, undefined, "the secret is shown once");
        const rotated = await call(s.svc, "POST", `/v1/webhook-endpoints/${created.body.id}/rotate-secret`, {
          token: op,
        });
        assert.equal(rotated.status, 200);
        assert.notEqual(rotated.body.secret, created.body.secret);
        const sub = await call(s.svc, "POST", "/v1/subscribers", {
          token: op,
          body: {
            kind: "partnerApp",
            channels: [{ type: "webhook", endpointId: created.body.id }, {
              type: "email",
              email: "ops@partner.example",
            }],
            follows: { policies: [policyId] },
          },
        });
        await publishAmendment(s.bus, policyId);
        assert.ok(
          await eventually(() => s.sink.messages({ prefix: `/webhook/${policyId}` }).length === 1, 20_000),
        );
        const m = s.sink.messages({ prefix: `/webhook/${policyId}` })[0]!;
        assert.equal(m.headers["webhook-signature"]!.split(" ").length, 2);
        new Webhook(created.body.secret).verify(m.body, m.headers);
        new Webhook(rotated.body.secret).verify(m.body, m.headers);
        // deleting the endpoint takes the webhook channel off its subscribers
        assert.equal(
          (await call(s.svc, "DELETE", `/v1/webhook-endpoints/${created.body.id}`, { token: op })).status,
          204,
        );
        const after = await call(s.svc, "GET", `/v1/subscribers/${sub.body.id}`, { token: op });
        assert.deepEqual(after.body.channels, [{ type: "email", email: "ops@partner.example" }]);
      },
    );
  } finally {
    await s.stop();
  }
});

Deno.test("role matrix - who may call each endpoint; partner apps see only their own", async (t) => {
  const s = await startNotifications();
  const graph = testGraph();
  try {
    const keys: Record<string, string> = {};
    for (
      const [name, scopes] of [["reader", ["notifications:read"]], ["writer", ["notifications:write"]], [
        "other",
        ["notifications:write"],
      ], ["policy", ["policy:read"]]] as const
    ) {
      const k = await generateApiKey();
      await saveApiKey(graph, { id: k.id, hash: k.hash, name, scopes: [...scopes] });
      keys[name] = k.key;
    }
    const auth = (who: string): { token?: string } =>
      who === "none"
        ? {}
        : who in s.tokens
        ? { token: (s.tokens as Record<string, string>)[who]! }
        : { token: keys[who]! };
    const partnerEndpoint = await call(s.svc, "POST", "/v1/webhook-endpoints", {
      ...auth("writer"),
      body: { url: `${s.sink.url}/webhook/role` },
    });
    assert.equal(partnerEndpoint.status, 201);
    const partnerSub = await call(s.svc, "POST", "/v1/subscribers", {
      ...auth("writer"),
      body: {
        kind: "partnerApp",
        channels: [{ type: "webhook", endpointId: partnerEndpoint.body.id }],
        follows: { regions: ["370600"] },
      },
    });
    assert.equal(partnerSub.status, 201);
    const sid = partnerSub.body.id;
    const wid = partnerEndpoint.body.id;
    const subBody = { channels: [{ type: "email", email: "r@example.com" }] };
    // [method, path, body, who → expected status]
    const matrix: [string, string, unknown, Record<string, number>][] = [
      ["POST", "/v1/subscribers", subBody, {
        none: 401,
        host: 403,
        reviewer: 403,
        policy: 403,
        reader: 403,
        writer: 201,
        operator: 201,
        admin: 201,
      }],
      ["GET", "/v1/subscribers", undefined, {
        none: 401,
        host: 403,
        reviewer: 403,
        policy: 403,
        reader: 200,
        writer: 200,
        operator: 200,
        admin: 200,
      }],
      ["GET", `/v1/subscribers/${sid}`, undefined, {
        none: 401,
        host: 403,
        policy: 403,
        reader: 404,
        other: 404,
        writer: 200,
        operator: 200,
        admin: 200,
      }],
      ["PATCH", `/v1/subscribers/${sid}`, { language: "en" }, {
        none: 401,
        host: 403,
        reader: 403,
        other: 404,
        writer: 200,
        operator: 200,
      }],
      ["POST", "/v1/webhook-endpoints", { url: `${s.sink.url}/webhook/role2` }, {
        none: 401,
        host: 403,
        reviewer: 403,
        policy: 403,
        reader: 403,
        writer: 201,
        operator: 201,
        admin: 201,
      }],
      ["GET", "/v1/webhook-endpoints", undefined, {
        none: 401,
        host: 403,
        policy: 403,
        reader: 200,
        writer: 200,
        operator: 200,
      }],
      ["GET", `/v1/webhook-endpoints/${wid}`, undefined, {
        none: 401,
        host: 403,
        other: 404,
        writer: 200,
        operator: 200,
        admin: 200,
      }],
      ["PATCH", `/v1/webhook-endpoints/${wid}`, { description: "x" }, {
        none: 401,
        host: 403,
        reader: 403,
        other: 404,
        writer: 200,
        operator: 200,
      }],
      ["POST", `/v1/webhook-endpoints/${wid}/rotate-secret`, undefined, {
        none: 401,
        host: 403,
        reader: 403,
        other: 404,
        writer: 200,
        operator: 200,
      }],
      ["GET", "/v1/deliveries", undefined, {
        none: 401,
        host: 403,
        reviewer: 403,
        reader: 403,
        writer: 403,
        operator: 200,
        admin: 200,
      }],
      // an event's reach: reviewers follow what they published on the console's propagation page
      ["GET", "/v1/events/evt-not-fanned-out/deliveries", undefined, {
        none: 401,
        host: 403,
        reader: 403,
        writer: 403,
        reviewer: 404,
        operator: 404,
        admin: 404,
      }],
      ["POST", "/v1/deliveries/dlv_00000000-none/replay", undefined, {
        none: 401,
        host: 403,
        writer: 403,
        operator: 404,
        admin: 404,
      }],
      ["GET", "/v1/events/no-such-event/deliveries", undefined, {
        none: 401,
        host: 403,
        writer: 403,
        operator: 404,
        admin: 404,
      }],
      ["DELETE", `/v1/subscribers/${sid}`, undefined, {
        none: 401,
        host: 403,
        reader: 403,
        other: 404,
        writer: 204,
      }],
      ["DELETE", `/v1/webhook-endpoints/${wid}`, undefined, {
        none: 401,
        host: 403,
        reader: 403,
        other: 404,
        writer: 204,
      }],
    ];
    for (const [method, path, body, expected] of matrix) {
      for (const [who, status] of Object.entries(expected)) {
        await t.step(`${method} ${path} as ${who} → ${status}`, async () => {
          const r = await call(s.svc, method, path, {
            ...auth(who),
            ...(body !== undefined ? { body } : {}),
          });
          assert.equal(r.status, status, JSON.stringify(r.body));
        });
      }
    }
    await t.step("a partner's list holds only its own", async () => {
      const mine = await call(s.svc, "GET", "/v1/webhook-endpoints?limit=500", auth("writer"));
      const theirs = await call(s.svc, "GET", "/v1/webhook-endpoints?limit=500", auth("other"));
      assert.ok(mine.body.items.length >= 1);
      assert.equal(
        theirs.body.items.filter((w: Json) => mine.body.items.some((m: Json) => m.id === w.id)).length,
        0,
      );
    });
  } finally {
    await graph.close();
    await s.stop();
  }
});
