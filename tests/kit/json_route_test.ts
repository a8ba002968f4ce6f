import assert from "node:assert/strict";
import fc from "fast-check";
import { createRoute, z } from "@hono/zod-openapi";
import { createLogger, createServiceApp, openapiJsonRoute } from "@yibao/kit";
import { estimateRequestSchema } from "../../services/eligibility/estimate_request.ts";

// The same route registered twice: through @hono/zod-openapi's own validation (`app.openapi`) and
// through the kit's synchronous one (`openapiJsonRoute`). Every request must get the same answer.
function buildApps() {
  const schema = estimateRequestSchema;
  const route = (path: string) =>
    createRoute({
      method: "post",
      path,
      operationId: path.slice(1),
      request: { body: { required: true, content: { "application/json": { schema } } } },
      responses: { 200: { description: "ok", content: { "application/json": { schema: z.unknown() } } } },
    });
  const make = () =>
    createServiceApp({
      name: "kit-test",
      version: "0.0.1",
      title: "测试 / Test",
      description: "kit test app",
      log: createLogger({ service: "kit-test", level: "error" }),
      bodyLimitBytes: 1_000_000,
      readiness: {},
    });
  const viaOpenapi = make();
  viaOpenapi.openapi(route("/v1/echo"), (c) => c.json(c.req.valid("json"), 200) as never);
  const viaKit = make();
  openapiJsonRoute(viaKit, route("/v1/echo"), schema, (c, body) => c.json(body, 200));
  return { viaOpenapi, viaKit };
}

const { viaOpenapi, viaKit } = buildApps();

/** Status, content type and body of an answer, without what differs per request (its id). */
async function answer(app: typeof viaKit, init: RequestInit): Promise<unknown> {
  const res = await app.request("/v1/echo", { method: "POST", ...init });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
    if (body && typeof body === "object") delete (body as { requestId?: unknown }).requestId;
  } catch { /* not JSON: compared as text */ }
  return { status: res.status, type: res.headers.get("content-type"), body };
}

async function same(init: RequestInit, label: string) {
  assert.deepEqual(await answer(viaKit, init), await answer(viaOpenapi, init), label);
}

const valid = {
  person: { insuranceType: "employee", enrollmentRegion: "110105", employment: "retired", age: 66 },
  visit: {
    type: "inpatient",
    careRegion: "110108",
    hospitalLevel: 3,
    date: "2026-06-01",
    amounts: { classAFen: 4_200_000, classBFen: 800_000, selfPayFen: 150_000 },
  },
};
const json = { "content-type": "application/json" };

Deno.test("openapiJsonRoute() - answers exactly as app.openapi's validation on chosen requests", async () => {
  await same({ headers: json, body: JSON.stringify(valid) }, "a valid request");
  await same({ headers: json, body: "{not json" }, "malformed JSON");
  await same({ headers: json, body: "" }, "an empty body");
  await same({ headers: { "content-type": "text/plain" }, body: "hello" }, "a body that is not JSON");
  await same({ headers: { "content-type": "text/plain" } }, "a non-JSON type without a body");
  await same({ body: JSON.stringify(valid) }, "no content type");
  await same({}, "no body, no content type");
  await same(
    { headers: { "content-type": "application/merge-patch+json" }, body: JSON.stringify(valid) },
    "+json",
  );
  await same({ headers: json, body: JSON.stringify({ person: {} }) }, "fields missing");
  await same({
    headers: json,
    body: JSON.stringify({ ...valid, visit: { ...valid.visit, amounts: undefined } }),
  }, "refine");
  await same({ headers: json, body: "[]" }, "an array");
  await same({ headers: json, body: "null" }, "null");
});

Deno.test("openapiJsonRoute() - answers exactly as app.openapi's validation on random bodies (fast-check)", async () => {
  // Random edits of a valid request (a field dropped, replaced by any JSON value) and any JSON at all.
  const paths = [
    ["person"],
    ["person", "age"],
    ["person", "employment"],
    ["person", "enrollmentRegion"],
    ["visit"],
    ["visit", "hospitalLevel"],
    ["visit", "date"],
    ["visit", "amounts"],
    ["visit", "amounts", "classAFen"],
    ["visit", "items"],
    ["visit", "totalFen"],
    ["yearToDate"],
    ["asOf"],
  ];
  const edited = fc.record({
    path: fc.constantFrom(...paths),
    value: fc.option(fc.jsonValue(), { nil: undefined }),
  }).map(({ path, value }) => {
    const body = structuredClone(valid) as Record<string, unknown>;
    let at = body;
    for (const k of path.slice(0, -1)) {
      at[k] = typeof at[k] === "object" && at[k] !== null ? at[k] : {};
      at = at[k] as Record<string, unknown>;
    }
    at[path[path.length - 1]!] = value;
    return JSON.stringify(body);
  });
  const anyJson = fc.jsonValue().map((v) => JSON.stringify(v));
  const garbage = fc.string();
  await fc.assert(
    fc.asyncProperty(fc.oneof(edited, edited, anyJson, garbage), async (body) => {
      await same({ headers: json, body }, body);
    }),
    { seed: 20261201, numRuns: 300 },
  );
});

Deno.test("openapiJsonRoute() - the OpenAPI document describes the route as app.openapi does", async () => {
  const doc = async (app: typeof viaKit) =>
    (await (await app.request("/openapi.json")).json()) as { paths: Record<string, unknown> };
  assert.deepEqual((await doc(viaKit)).paths["/v1/echo"], (await doc(viaOpenapi)).paths["/v1/echo"]);
});
