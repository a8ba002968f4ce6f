import assert from "node:assert/strict";
import { createRoute, z } from "@hono/zod-openapi";
import {
  ApiKeyVerifier,
  createLogger,
  createServiceApp,
  generateApiKey,
  issueToken,
  requireAccess,
  revokeApiKey,
  saveApiKey,
} from "@yibao/kit";
import { testGraph, unique } from "../harness/mod.ts";

const secret = "kit-test-secret-kit-test-secret-0123456789";

function buildApp(graph: ReturnType<typeof testGraph>, keyCacheMs = 30_000) {
  const app = createServiceApp({
    name: "kit-test",
    version: "0.0.1",
    title: "测试 / Test",
    description: "kit test app",
    log: createLogger({ service: "kit-test", level: "error" }),
    bodyLimitBytes: 2_048,
    readiness: { graph: () => graph.ping() },
    auth: { tokenSecret: secret, apiKeys: new ApiKeyVerifier(graph, keyCacheMs) },
  });
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/things",
      request: {
        body: {
          required: true,
          content: {
            "application/json": { schema: z.object({ title: z.string().min(1), count: z.number().int() }) },
          },
        },
        query: z.object({ asOf: z.iso.date().optional() }),
      },
      responses: {
        201: {
          description: "made",
          content: { "application/json": { schema: z.object({ ok: z.boolean() }) } },
        },
      },
    }),
    (c) => c.json({ ok: true }, 201),
  );
  app.get("/v1/boom", () => {
    throw new Error("secret internal detail");
  });
  app.post("/v1/duplicate", async (c) => {
    const id = unique("dup-key");
    await graph.write(async (tx) => {
      await tx.run("CREATE (:ApiKey {id: $id})", { id });
      await tx.run("CREATE (:ApiKey {id: $id})", { id });
    });
    return c.json({}, 201);
  });
  app.use("/v1/secure/*", requireAccess({ roles: ["operator"], scopes: ["policy:write"] }));
  app.get("/v1/secure/thing", (c) => c.json({ principal: c.get("principal") }));
  return app;
}

async function problem(res: Response) {
  assert.equal(res.headers.get("content-type"), "application/problem+json; charset=utf-8");
  const body = await res.json();
  for (const key of ["type", "title", "status", "detail", "instance", "code", "requestId"]) {
    assert.ok(key in body, `problem body has ${key}`);
  }
  assert.equal(body.status, res.status);
  assert.equal(body.requestId, res.headers.get("x-request-id"));
  return body;
}

Deno.test("kit - every error path answers RFC 9457 problem+json", async (t) => {
  const graph = testGraph();
  const app = buildApp(graph);
  try {
    await t.step("400 names a failing query parameter", async () => {
      const res = await app.request("/v1/things?asOf=2025-13-45", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ title: "t", count: 3 }),
      });
      assert.equal(res.status, 400);
      const body = await problem(res);
      assert.equal(body.code, "validationFailed");
      assert.deepEqual(body.errors.map((e: { path: string }) => e.path), ["query.asOf"]);
    });
    await t.step("400 names body fields", async () => {
      const res = await app.request("/v1/things", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ title: "", count: "three" }),
      });
      const body = await problem(res);
      assert.deepEqual(body.errors.map((e: { path: string }) => e.path).sort(), ["body.count", "body.title"]);
    });
    await t.step("400 field messages are Chinese by default and English on request", async () => {
      const ask = (lang?: string) =>
        app.request("/v1/things", {
          method: "POST",
          headers: { "content-type": "application/json", ...(lang ? { "accept-language": lang } : {}) },
          body: JSON.stringify({ count: 1.5 }),
        });
      const zh = await problem(await ask());
      const byPath = (b: { errors: { path: string; message: string }[] }) =>
        Object.fromEntries(b.errors.map((e) => [e.path, e.message]));
      assert.deepEqual(byPath(zh), { "body.title": "必须填写", "body.count": "须为整数" });
      assert.doesNotMatch(zh.detail, /[A-Za-z]{3,}/, zh.detail);
      const en = await problem(await ask("en-GB,en;q=0.9"));
      assert.deepEqual(byPath(en), { "body.title": "Required", "body.count": "Must be a whole number" });
    });
    await t.step("400 for a body that is not JSON", async () => {
      const res = await app.request("/v1/things", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{oops",
      });
      assert.equal(res.status, 400);
      assert.equal((await problem(res)).code, "malformedBody");
    });
    await t.step(
      "400 for a JSON body that is not valid UTF-8, never stored with replacement characters",
      async () => {
        const bytes = new Uint8Array([
          ...new TextEncoder().encode('{"title":"'),
          0xe5,
          0x8c, // the first two bytes of 医, cut short
          0xff,
          ...new TextEncoder().encode('","count":1}'),
        ]);
        const res = await app.request("/v1/things", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: bytes,
        });
        assert.equal(res.status, 400);
        const body = await problem(res);
        assert.equal(body.code, "malformedBody");
        assert.match(body.detail, /UTF-8/);
        // valid UTF-8 Chinese still passes
        const ok = await app.request("/v1/things", {
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8" },
          body: new TextEncoder().encode(JSON.stringify({ title: "医保", count: 1 })),
        });
        assert.equal(ok.status, 201);
        await ok.body?.cancel();
      },
    );
    await t.step("404 for an unknown route", async () => {
      const res = await app.request("/v1/nowhere");
      assert.equal(res.status, 404);
      assert.equal((await problem(res)).code, "notFound");
    });
    await t.step("415 for a body that is not JSON by content type", async () => {
      const res = await app.request("/v1/things", {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: "hello",
      });
      assert.equal(res.status, 415);
      assert.equal((await problem(res)).code, "unsupportedMediaType");
    });
    await t.step("413 for a body over the limit", async () => {
      const res = await app.request("/v1/things", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ title: "x".repeat(5_000), count: 1 }),
      });
      assert.equal(res.status, 413);
      assert.equal((await problem(res)).code, "payloadTooLarge");
    });
    await t.step("413 for a stated length over the limit; a stated length within it is read", async () => {
      // the length is checked without reading the body (as a server hands it over: Content-Length set)
      const big = JSON.stringify({ title: "x".repeat(5_000), count: 1 });
      const res = await app.request("/v1/things", {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(big.length) },
        body: big,
      });
      assert.equal(res.status, 413);
      assert.equal((await problem(res)).code, "payloadTooLarge");
      const small = new TextEncoder().encode(JSON.stringify({ title: "医保", count: 1 }));
      const ok = await app.request("/v1/things", {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(small.length) },
        body: small,
      });
      assert.equal(ok.status, 201);
      await ok.body?.cancel();
      const bad = await app.request("/v1/things", {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(small.length) },
        body: new Uint8Array([...small.slice(0, -2), 0xff, 0x7d]),
      });
      assert.equal(bad.status, 400);
      assert.equal((await problem(bad)).code, "malformedBody");
    });
    await t.step("500 without a stack or the internal message", async () => {
      const res = await app.request("/v1/boom");
      assert.equal(res.status, 500);
      const text = JSON.stringify(await problem(res));
      assert.ok(!text.includes("secret internal detail"));
      assert.ok(!/at .*\.ts:\d+/.test(text), "no stack trace");
    });
    await t.step("409 for a uniqueness constraint violated in Neo4j", async () => {
      const res = await app.request("/v1/duplicate", { method: "POST" });
      assert.equal(res.status, 409);
      assert.equal((await problem(res)).code, "conflict");
    });
    await t.step("English when the client prefers it, Chinese otherwise", async () => {
      const en =
        await (await app.request("/v1/nowhere", { headers: { "accept-language": "en-US,en;q=0.9" } })).json();
      assert.equal(en.title, "Not found");
      const zh = await (await app.request("/v1/nowhere")).json();
      assert.equal(zh.title, "未找到请求的资源");
    });
    await t.step("a given X-Request-Id travels back; a bad one is replaced", async () => {
      const res = await app.request("/v1/nowhere", { headers: { "x-request-id": "abc-123" } });
      assert.equal(res.headers.get("x-request-id"), "abc-123");
      assert.equal((await res.json()).requestId, "abc-123");
      const bad = await app.request("/v1/nowhere", { headers: { "x-request-id": "bad id with spaces" } });
      assert.match(bad.headers.get("x-request-id")!, /^[0-9a-f]{8}-[0-9a-z]+$/);
      await bad.body?.cancel();
    });
  } finally {
    await graph.close();
  }
});

Deno.test("kit - tokens with roles and hashed API keys with scopes guard endpoints", async (t) => {
  const graph = testGraph();
  const app = buildApp(graph, 0);
  const writer = await generateApiKey();
  const reader = await generateApiKey();
  await saveApiKey(graph, { id: writer.id, hash: writer.hash, name: "writer", scopes: ["policy:write"] });
  await saveApiKey(graph, { id: reader.id, hash: reader.hash, name: "reader", scopes: ["policy:read"] });
  const get = (headers: Record<string, string>) => app.request("/v1/secure/thing", { headers });
  try {
    await t.step("401 without credentials, with WWW-Authenticate", async () => {
      const res = await get({});
      assert.equal(res.status, 401);
      assert.match(res.headers.get("www-authenticate")!, /Bearer/);
      assert.equal((await problem(res)).code, "unauthorized");
    });
    await t.step("operator token passes; host token is 403; admin passes", async () => {
      const op = await issueToken(secret, { sub: "u1", role: "operator" });
      assert.equal((await get({ authorization: `Bearer ${op}` })).status, 200);
      const host = await issueToken(secret, { sub: "u2", role: "host" });
      const res = await get({ authorization: `Bearer ${host}` });
      assert.equal(res.status, 403);
      assert.equal((await problem(res)).code, "forbidden");
      const admin = await issueToken(secret, { sub: "u3", role: "admin" });
      assert.equal((await get({ authorization: `Bearer ${admin}` })).status, 200);
    });
    await t.step("expired or foreign-signed tokens are 401", async () => {
      const old = await issueToken(secret, { sub: "u1", role: "operator" }, {
        ttlSeconds: 60,
        now: new Date(Date.now() - 3_600_000),
      });
      assert.equal((await get({ authorization: `Bearer ${old}` })).status, 401);
      const forged = await issueToken("another-secret-another-secret-012345", { sub: "u1", role: "admin" });
      assert.equal((await get({ authorization: `Bearer ${forged}` })).status, 401);
    });
    await t.step("API key with the scope passes, without it is 403, unknown is 401", async () => {
      const ok = await get({ "x-api-key": writer.key });
      assert.equal(ok.status, 200);
      assert.equal((await ok.json()).principal.keyId, writer.id);
      assert.equal((await get({ authorization: `Bearer ${writer.key}` })).status, 200);
      assert.equal((await get({ "x-api-key": reader.key })).status, 403);
      assert.equal((await get({ "x-api-key": writer.key.slice(0, -4) + "AAAA" })).status, 401);
    });
    await t.step("only the hash is stored, and a revoked key stops working", async () => {
      const stored = await graph.read(async (tx) =>
        (await tx.run("MATCH (k:ApiKey {id: $id}) RETURN properties(k) AS p", { id: writer.id })).records[0]!
          .get("p")
      );
      // the secret is all after `yb_<id>_` (base64url: it may hold "_" itself, so not split("_")[2], which
      // was then a short piece of it, or empty, and found in anything)
      const secret = writer.key.slice(`yb_${writer.id}_`.length);
      assert.equal(secret.length, 43);
      assert.ok(!JSON.stringify(stored).includes(secret));
      assert.equal(await revokeApiKey(graph, writer.id), true);
      assert.equal((await get({ "x-api-key": writer.key })).status, 401);
    });
  } finally {
    await graph.close();
  }
});

Deno.test("kit - health, readiness, metrics, OpenAPI 3.1 and docs", async () => {
  const graph = testGraph();
  const app = buildApp(graph);
  try {
    const plain = await app.request("/healthz");
    assert.deepEqual(await plain.json(), { status: "ok", service: "kit-test", version: "0.0.1" });
    // /healthz is answered before the router and never logged: no request id is made up for a probe
    // that sent none (its one header keeps Deno's fast path), one it sent is echoed, and all are counted
    assert.deepEqual([...plain.headers.keys()], ["content-type"]);
    const given = await app.request("/healthz", { headers: { "x-request-id": "probe-1" } });
    assert.equal(given.headers.get("x-request-id"), "probe-1");
    assert.equal(given.headers.get("content-type"), "application/json");
    await given.body?.cancel();
    const made = await app.request("/healthz", { headers: { "x-request-id": "bad id" } });
    assert.match(made.headers.get("x-request-id")!, /^[0-9a-f]{8}-[0-9a-z]+$/);
    await made.body?.cancel();
    // bad credentials are a 401 there too (the routed path answers)
    const badKey = await app.request("/healthz", { headers: { "x-api-key": "yb_nope" } });
    assert.equal(badKey.status, 401);
    assert.equal((await problem(badKey)).code, "unauthorized");
    // a query string or HEAD goes through the router and answers the same
    const withQuery = await app.request("/healthz?x=1");
    assert.equal(withQuery.status, 200);
    assert.equal((await withQuery.json()).status, "ok");
    assert.equal((await app.request("/healthz", { method: "HEAD" })).status, 200);
    const ready = await app.request("/readyz");
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: "ready", checks: { graph: "up" } });
    await (await app.request("/v1/nowhere")).body?.cancel();
    const metrics = await (await app.request("/metrics")).text();
    assert.match(metrics, /http_requests_total\{method="GET",route="\/readyz",status="200"\} 1/);
    // four GETs of /healthz answered 200: the first, the two with request ids and the one with a query
    assert.match(metrics, /http_requests_total\{method="GET",route="\/healthz",status="200"\} 4/);
    assert.match(metrics, /http_requests_total\{method="GET",route="\(unmatched\)",status="404"\} 1/);
    assert.match(
      metrics,
      /http_request_duration_seconds_bucket\{method="GET",route="\/readyz",status="200",le="\+Inf"\} 1/,
    );
    const spec = await (await app.request("/openapi.json")).json();
    assert.equal(spec.openapi, "3.1.0");
    assert.ok(spec.paths["/v1/things"].post);
    assert.ok(spec.components.schemas.Problem);
    assert.ok(spec.components.securitySchemes.apiKeyAuth);
    const docs = await app.request("/docs");
    assert.match(docs.headers.get("content-type")!, /text\/html/);
    assert.match(await docs.text(), /openapi\.json/);
  } finally {
    await graph.close();
  }
});

Deno.test("kit - a body sent to an unknown route is a 404, not a 415", async () => {
  const graph = testGraph();
  try {
    const res = await buildApp(graph).request("/v1/nowhere", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hi",
    });
    assert.equal(res.status, 404);
    assert.equal((await problem(res)).code, "notFound");
  } finally {
    await graph.close();
  }
});

Deno.test("kit - a known path with another method is a 405 naming the allowed methods", async () => {
  const graph = testGraph();
  try {
    const app = buildApp(graph);
    const res = await app.request("/v1/things", { method: "DELETE" });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get("allow"), "POST");
    assert.equal((await problem(res)).code, "methodNotAllowed");
    const put = await app.request("/readyz", { method: "PUT" });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get("allow"), "GET, HEAD");
    await put.body?.cancel();
  } finally {
    await graph.close();
  }
});
