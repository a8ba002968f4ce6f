import assert from "node:assert/strict";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { calendarDateSchema } from "@yibao/domain";
import { subscriberSchema } from "../../services/notifications/schemas.ts";
import { estimateRequestSchema } from "../../services/eligibility/estimate_request.ts";

/** The OpenAPI 3.1 document of one route answering `schema`, as the kit generates it. */
function documentOf(request: z.ZodType, response: z.ZodType) {
  const app = new OpenAPIHono();
  app.openapi(
    createRoute({
      method: "post",
      path: "/x",
      request: { body: { content: { "application/json": { schema: request } } } },
      responses: { 200: { description: "ok", content: { "application/json": { schema: response } } } },
    }),
    (c) => c.json({}, 200) as never,
  );
  return app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
}

type Schema = {
  type?: string;
  format?: string;
  allOf?: unknown[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean;
  $ref?: string;
};

Deno.test("OpenAPI - calendar dates are format: date, so a generated client never sends 0000-00-00", () => {
  const doc = documentOf(estimateRequestSchema, z.object({ asOf: calendarDateSchema }));
  const schemas = doc.components!.schemas as Record<string, Schema>;
  const visit = schemas.EstimateRequest!.properties!.visit!;
  assert.equal(visit.properties!.date!.format, "date");
  assert.equal(schemas.EstimateRequest!.properties!.asOf!.format, "date");
  assert.equal(calendarDateSchema.safeParse("0000-00-00").success, false);
});

Deno.test("OpenAPI - the Subscriber schema can be satisfied by a subscriber the service returns", () => {
  const doc = documentOf(z.object({}), subscriberSchema);
  const s = (doc.components!.schemas as Record<string, Schema>).Subscriber!;
  assert.equal(s.allOf, undefined, "no allOf of closed objects");
  const returned = {
    id: "sub_0123456789",
    kind: "person",
    channels: [{ type: "sms", phone: "+8613800138000" }],
    audiences: [],
    follows: { policies: [], topics: [], regions: [] },
    language: "zh-CN",
    elderFriendly: false,
    optOut: { channels: [], topics: [] },
    digest: false,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
  };
  for (const key of Object.keys(returned)) assert.ok(s.properties?.[key], `Subscriber documents ${key}`);
  assert.ok(subscriberSchema.safeParse(returned).success);
});
