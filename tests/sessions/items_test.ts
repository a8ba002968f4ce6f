import assert from "node:assert/strict";
import type { RunningService } from "@yibao/kit";
import { createItem, knowledgeItem, ownPolicy } from "./_items.ts";
import { call, newHost, otherTokens, ownPlaces, startSessions } from "./_suite.ts";

/** A raw request with a text body (import). */
async function send(s: RunningService, path: string, token: string, body: string, type: string) {
  const res = await s.app.request(path, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": type },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith("{") ? JSON.parse(text) : text, headers: res.headers };
}

Deno.test("items: role matrix — hosts, operators, admins write; reviewers read; hosts edit only their own", async () => {
  const svc = await startSessions();
  try {
    const s = svc.instances[0]!;
    const t = await otherTokens();
    const host = await newHost();
    const other = await newHost();
    const policyId = await ownPolicy("items-roles");
    const body = knowledgeItem(policyId);
    assert.equal((await call(s, "POST", "/v1/items", { body })).status, 401);
    assert.equal((await call(s, "POST", "/v1/items", { token: t.reviewer, body })).status, 403);
    const byHost = await createItem(s, host.token, body);
    const byOperator = await createItem(s, t.operator, body);
    await createItem(s, t.admin, body);
    assert.equal(byHost.createdBy, `user:${host.id}`);
    assert.equal(byHost.knowledge, true);
    assert.deepEqual(byHost.choices, [{ id: "true", text: "对" }, { id: "false", text: "错" }]);
    for (const token of [t.reviewer, t.operator, host.token, t.admin]) {
      assert.equal((await call(s, "GET", `/v1/items/${byHost.id}`, { token })).status, 200);
    }
    assert.equal((await call(s, "GET", `/v1/items/${byHost.id}`)).status, 401);
    const edit = (token: string, id: string) =>
      call(s, "PATCH", `/v1/items/${id}`, { token, body: { stem: "异地就医要先备案吗？" } });
    assert.equal((await edit(t.reviewer, byHost.id)).status, 403);
    assert.equal((await edit(other.token, byHost.id)).status, 403, "another host");
    assert.equal((await edit(host.token, byOperator.id)).status, 403, "a host on an operator's item");
    assert.equal((await edit(host.token, byHost.id)).status, 200);
    assert.equal((await edit(t.operator, byHost.id)).status, 200, "operators curate every item");
    assert.equal(
      (await call(s, "POST", `/v1/items/${byHost.id}/confirm`, { token: t.reviewer })).status,
      403,
    );
    assert.equal((await call(s, "GET", "/v1/items/itm-nosuchitem0", { token: t.reviewer })).status, 404);
  } finally {
    await svc.stop();
  }
});

Deno.test("items: bad input named by field; unknown policy or version is 422 naming it; If-Match; filters", async () => {
  const svc = await startSessions();
  try {
    const s = svc.instances[0]!;
    const { operator } = await otherTokens();
    const places = await ownPlaces();
    const policyId = await ownPolicy("items-fields");
    const post = (body: unknown) => call(s, "POST", "/v1/items", { token: operator, body });
    const paths = (r: { body: { errors: { path: string }[] } }) => r.body.errors.map((e) => e.path);

    const badKind = await post({ ...knowledgeItem(policyId), kind: "essay" });
    assert.equal(badKind.status, 400);
    assert.deepEqual(paths(badKind), ["body.kind"]);
    const noPolicy = await post({
      ...knowledgeItem(policyId),
      tests: { policyId: "no-such-policy-x", version: 1 },
    });
    assert.equal(noPolicy.status, 422, JSON.stringify(noPolicy.body));
    assert.deepEqual(paths(noPolicy), ["body.tests.policyId"]);
    const noVersion = await post(knowledgeItem(policyId, 9));
    assert.equal(noVersion.status, 422);
    assert.deepEqual(paths(noVersion), ["body.tests.version"]);
    assert.match(noVersion.body.errors[0].message, /第 9 版|version 9/);
    const noExplanation = await post({ ...knowledgeItem(policyId), explanation: "", tests: null });
    assert.equal(noExplanation.status, 422);
    assert.deepEqual(paths(noExplanation), ["body.explanation", "body.tests"]);
    const badKey = await post({
      kind: "singleChoice",
      stem: "起付线以下谁付？",
      choices: [{ id: "a", text: "个人" }, { id: "b", text: "基金" }],
      correctChoiceIds: ["c"],
      explanation: "个人。",
      tests: { policyId, version: 1 },
      topics: ["noSuchTopicX"],
    });
    assert.equal(badKey.status, 422);
    assert.deepEqual(paths(badKey).sort(), ["body.correctChoiceIds", "body.topics"]);

    const item = await createItem(s, operator, knowledgeItem(policyId, 1, { topics: [places.topic] }));
    const poll = await createItem(s, operator, {
      kind: "rating",
      stem: `今天的讲解清楚吗？${places.topic}`,
      topics: [places.topic],
      anonymous: true,
    });
    assert.equal(poll.knowledge, false);
    assert.equal(poll.tests, null);
    const stale = await call(s, "PATCH", `/v1/items/${item.id}`, {
      token: operator,
      headers: { "if-match": `"r${item.revision + 5}"` },
      body: { stem: "改过的题干" },
    });
    assert.equal(stale.status, 412);
    assert.equal(stale.headers.get("etag"), `"r${item.revision}"`);
    const fresh = await call(s, "PATCH", `/v1/items/${item.id}`, {
      token: operator,
      headers: { "if-match": `"r${item.revision}"` },
      body: { tests: { policyId, version: 2 } },
    });
    assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
    assert.deepEqual(fresh.body.tests, { policyId, version: 2 });
    assert.equal(fresh.body.revision, item.revision + 1);

    const byTopic = await call(s, "GET", `/v1/items?topic=${places.topic}`, { token: operator });
    assert.deepEqual(byTopic.body.items.map((i: { id: string }) => i.id), [poll.id, item.id]);
    const byPolicy = await call(s, "GET", `/v1/items?policy=${policyId}`, { token: operator });
    assert.deepEqual(byPolicy.body.items.map((i: { id: string }) => i.id), [item.id]);
    const firstPage = await call(s, "GET", `/v1/items?topic=${places.topic}&limit=1`, { token: operator });
    assert.equal(firstPage.body.items.length, 1);
    const next = await call(
      s,
      "GET",
      `/v1/items?topic=${places.topic}&limit=1&cursor=${firstPage.body.nextCursor}`,
      { token: operator },
    );
    assert.deepEqual(next.body.items.map((i: { id: string }) => i.id), [item.id]);
    assert.equal(next.body.nextCursor, null);
  } finally {
    await svc.stop();
  }
});

Deno.test("items: GIFT and QTI import and export over HTTP; a construct outside the subset is 422 naming the item", async () => {
  const svc = await startSessions();
  try {
    const s = svc.instances[0]!;
    const { operator } = await otherTokens();
    const policyId = await ownPolicy("items-import");
    const gift = `::q1:: 退休人员达到缴费年限后不再缴纳医保费。{T ####达到年限后退休不再缴费。}

::q2:: 门诊共济后个人账户可以给谁用？{=配偶、父母、子女 ~任何人 ~只有本人 ####家庭成员可以共济。}`;
    const noPolicy = await send(s, "/v1/items/import?format=gift", operator, gift, "text/plain");
    assert.equal(noPolicy.status, 422);
    assert.equal(noPolicy.body.errors[0].path, "query.policy");
    assert.match(noPolicy.body.errors[0].message, /第 1 题（标识 q1）/);
    const wrongType = await send(s, `/v1/items/import?format=qti`, operator, gift, "text/plain");
    assert.equal(wrongType.status, 415);

    const imported = await send(
      s,
      `/v1/items/import?format=gift&policy=${policyId}&version=2`,
      operator,
      gift,
      "text/plain; charset=utf-8",
    );
    assert.equal(imported.status, 201, JSON.stringify(imported.body));
    assert.equal(imported.body.count, 2);
    assert.deepEqual(imported.body.items.map((i: { kind: string }) => i.kind), ["trueFalse", "singleChoice"]);
    assert.deepEqual(imported.body.items[1].tests, { policyId, version: 2 });
    const ids = imported.body.items.map((i: { id: string }) => i.id).join(",");

    for (const [format, type] of [["gift", "text/plain"], ["qti", "application/xml"]] as const) {
      const res = await s.app.request(`/v1/items/export?format=${format}&ids=${ids}`, {
        headers: { authorization: `Bearer ${operator}` },
      });
      assert.equal(res.status, 200);
      assert.ok(res.headers.get("content-type")!.startsWith(type));
      const file = await res.text();
      const again = await send(
        s,
        `/v1/items/import?format=${format}&policy=${policyId}&version=2`,
        operator,
        file,
        format === "qti" ? "application/xml" : "text/plain",
      );
      assert.equal(again.status, 201, `${format}: ${JSON.stringify(again.body)}`);
      const strip = (
        i: Record<string, unknown>,
      ) => [i.kind, i.stem, i.choices, i.correctChoiceIds, i.explanation];
      assert.deepEqual(again.body.items.map(strip), imported.body.items.map(strip), `${format} round trip`);
    }

    const matching = `::q1:: 对吗 {T ####对。}

::q3:: 配对 {=北京 -> 京 =上海 -> 沪}`;
    const refused = await send(
      s,
      `/v1/items/import?format=gift&policy=${policyId}&version=1`,
      operator,
      matching,
      "text/plain",
    );
    assert.equal(refused.status, 422);
    assert.equal(refused.body.errors[0].path, "body.items.1");
    assert.equal(refused.body.errors[0].message, "第 2 题（标识 q3）使用了不支持的题型 matching");
    const english = await s.app.request(`/v1/items/import?format=gift&policy=${policyId}&version=1`, {
      method: "POST",
      headers: { authorization: `Bearer ${operator}`, "content-type": "text/plain", "accept-language": "en" },
      body: matching,
    });
    assert.equal(
      (await english.json()).errors[0].message,
      "Item 2 (q3) uses matching, which is not supported",
    );
    const badExport = await call(s, "GET", "/v1/items/export?format=qti&ids=itm-nosuchitem0", {
      token: operator,
    });
    assert.equal(badExport.status, 404);
  } finally {
    await svc.stop();
  }
});

Deno.test("items and awareness: the OpenAPI description lists every path with an operationId", async () => {
  const svc = await startSessions();
  try {
    const spec = await (await svc.instances[0]!.app.request("/openapi.json")).json();
    const paths = {
      "/v1/items": ["post", "get"],
      "/v1/items/{id}": ["get", "patch"],
      "/v1/items/{id}/confirm": ["post"],
      "/v1/items/import": ["post"],
      "/v1/items/export": ["get"],
      "/v1/awareness": ["get"],
      "/v1/awareness/items": ["get"],
      "/v1/awareness/policies": ["get"],
      "/v1/sessions/{id}/awareness": ["get"],
      "/v1/sessions/{id}/answers.csv": ["get"],
    };
    for (const [path, methods] of Object.entries(paths)) {
      for (const m of methods) assert.ok(spec.paths[path]?.[m]?.operationId, `${m} ${path}`);
    }
    assert.ok(spec.components.schemas.Item, "the Item schema");
    assert.ok(spec.components.schemas.Awareness, "the Awareness schema");
  } finally {
    await svc.stop();
  }
});
