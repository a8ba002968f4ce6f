import { createRoute, z } from "@hono/zod-openapi";
import { notFound, ProblemError, problemResponses, type ServiceApp } from "@yibao/kit";
import type { NotificationsRepository } from "../repository.ts";
import { endpointBody, endpointPatch, endpointSchema, idParam, pageQuery } from "../schemas.ts";
import { newWebhookSecret } from "../signing.ts";
import { checkWebhookUrl, UnsafeUrl, type UrlPolicy } from "../ssrf.ts";
import { auditBy, byMethod, manageAccess, ownerFilter, ownerId, security } from "./_access.ts";

const thing = { zh: "回调端点", en: "Webhook endpoint" };
/** How long the previous secret keeps signing after a rotation. */
export const rotationOverlapMs = 24 * 60 * 60 * 1000;

async function safeUrl(url: string, policy: UrlPolicy): Promise<string> {
  try {
    return (await checkWebhookUrl(url, policy)).toString();
  } catch (err) {
    if (!(err instanceof UnsafeUrl)) throw err;
    throw new ProblemError("unprocessable", {
      zh: `回调地址不安全或不可用：${err.message}`,
      en: `The webhook URL was refused: ${err.message}`,
    }, { errors: [{ path: "body.url", message: err.message }] });
  }
}

/** Partner webhook endpoints: register, read, change, delete, rotate the secret. */
export function registerEndpointRoutes(
  app: ServiceApp,
  repo: NotificationsRepository,
  policy: UrlPolicy,
): void {
  app.use("/v1/webhook-endpoints", byMethod);
  app.use("/v1/webhook-endpoints/:id", byMethod);
  app.use("/v1/webhook-endpoints/:id/rotate-secret", manageAccess);
  const params = idParam("whe");
  const one = (description: string) => ({
    description,
    content: { "application/json": { schema: endpointSchema } },
  });

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/webhook-endpoints",
      operationId: "postWebhookEndpoints",
      tags: ["webhook-endpoints"],
      summary: "登记回调端点 / Register a webhook endpoint",
      description:
        "The URL must be https and must not resolve to a loopback, private, link-local or metadata address. The response carries the signing secret (Standard Webhooks, `whsec_…`) once.",
      security,
      request: { body: { required: true, content: { "application/json": { schema: endpointBody } } } },
      responses: {
        201: one("The endpoint, with its secret"),
        ...problemResponses(400, 401, 403, 413, 415, 422),
      },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const url = await safeUrl(b.url, policy);
      const id = `whe_${crypto.randomUUID()}`;
      const w = await repo.createEndpoint({
        id,
        ownerId: ownerId(c),
        url,
        eventTypes: b.eventTypes,
        description: b.description ?? null,
        secret: newWebhookSecret(),
      }, auditBy(c));
      c.header("Location", `/v1/webhook-endpoints/${id}`);
      return c.json(w as z.infer<typeof endpointSchema>, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/webhook-endpoints",
      operationId: "getWebhookEndpoints",
      tags: ["webhook-endpoints"],
      summary: "回调端点列表 / Webhook endpoints",
      security,
      request: { query: pageQuery },
      responses: {
        200: {
          description: "A page (secrets are never listed)",
          content: {
            "application/json": {
              schema: z.object({ items: z.array(endpointSchema), next: z.string().nullable() }),
            },
          },
        },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const items = await repo.listEndpoints(ownerFilter(c), q.after ?? null, q.limit) as z.infer<
        typeof endpointSchema
      >[];
      return c.json({ items, next: items.length === q.limit ? items.at(-1)!.id : null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/webhook-endpoints/{id}",
      operationId: "getWebhookEndpointsById",
      tags: ["webhook-endpoints"],
      summary: "查看回调端点 / A webhook endpoint",
      security,
      request: { params },
      responses: { 200: one("The endpoint"), ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const w = await repo.getEndpoint(id, ownerFilter(c));
      if (!w) throw notFound(thing, id);
      return c.json(w as z.infer<typeof endpointSchema>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/webhook-endpoints/{id}",
      operationId: "patchWebhookEndpointsById",
      tags: ["webhook-endpoints"],
      summary: "修改回调端点 / Change a webhook endpoint",
      security,
      request: {
        params,
        body: { required: true, content: { "application/json": { schema: endpointPatch } } },
      },
      responses: { 200: one("The endpoint"), ...problemResponses(400, 401, 403, 404, 413, 415, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const b = c.req.valid("json");
      const props: Record<string, unknown> = {};
      if (b.url !== undefined) props.url = await safeUrl(b.url, policy);
      if (b.eventTypes !== undefined) props.eventTypes = b.eventTypes;
      if (b.description !== undefined) props.description = b.description;
      if (b.status !== undefined) props.status = b.status;
      const w = await repo.updateEndpoint(id, ownerFilter(c), props, auditBy(c));
      if (!w) throw notFound(thing, id);
      return c.json(w as z.infer<typeof endpointSchema>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/webhook-endpoints/{id}",
      operationId: "deleteWebhookEndpointsById",
      tags: ["webhook-endpoints"],
      summary: "删除回调端点 / Delete a webhook endpoint",
      security,
      request: { params },
      responses: { 204: { description: "Deleted" }, ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      if (!(await repo.deleteEndpoint(id, ownerFilter(c), auditBy(c)))) throw notFound(thing, id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/webhook-endpoints/{id}/rotate-secret",
      operationId: "postWebhookEndpointsByIdRotateSecret",
      tags: ["webhook-endpoints"],
      summary: "轮换签名密钥 / Rotate the signing secret",
      description:
        "Returns the new secret. For 24 hours every message carries two signatures (new and previous), so the receiver can switch without losing messages.",
      security,
      request: { params },
      responses: { 200: one("The endpoint, with its new secret"), ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const w = await repo.rotateSecret(
        id,
        ownerFilter(c),
        newWebhookSecret(),
        Date.now() + rotationOverlapMs,
        auditBy(c),
      );
      if (!w) throw notFound(thing, id);
      return c.json(w as z.infer<typeof endpointSchema>, 200);
    },
  );
}
