import { createRoute, z } from "@hono/zod-openapi";
import { notFound, ProblemError, problemResponses, type ServiceApp } from "@yibao/kit";
import { BadReferences, type NotificationsRepository } from "../repository.ts";
import { idParam, pageQuery, subscriberBody, type SubscriberInput, subscriberSchema } from "../schemas.ts";
import { auditBy, byMethod, ownerFilter, ownerId, security } from "./_access.ts";

const thing = { zh: "订阅者", en: "Subscriber" };

/** Maps missing references to a 422 naming each field; nothing was stored. */
export function referencesProblem(err: unknown): never {
  if (err instanceof BadReferences) {
    throw new ProblemError("unprocessable", {
      zh: `引用不存在：${err.problems.map((p) => p.path).join("、")}`,
      en: err.message,
    }, { errors: err.problems });
  }
  throw err;
}

const subscriberPatch = z.object(
  Object.fromEntries(Object.entries(subscriberBody.shape).map(([k, v]) => [k, (v as z.ZodType).optional()])),
).strict().openapi("SubscriberPatch");

/** `POST|GET /v1/subscribers`, `GET|PATCH|DELETE /v1/subscribers/{id}` (DELETE erases). */
export function registerSubscriberRoutes(app: ServiceApp, repo: NotificationsRepository): void {
  app.use("/v1/subscribers", byMethod);
  app.use("/v1/subscribers/:id", byMethod);
  const params = idParam("sub");

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/subscribers",
      operationId: "postSubscribers",
      tags: ["subscribers"],
      summary: "登记订阅者 / Register a subscriber",
      description:
        "A person or partner app: channels with addresses, audiences, home region, what they follow (policies, topics, regions and every region below), language, elder-friendly style, quiet hours, opt-outs, digest.",
      security,
      request: { body: { required: true, content: { "application/json": { schema: subscriberBody } } } },
      responses: {
        201: { description: "The subscriber", content: { "application/json": { schema: subscriberSchema } } },
        ...problemResponses(400, 401, 403, 413, 415, 422),
      },
    }),
    async (c) => {
      const id = `sub_${crypto.randomUUID()}`;
      const s = await repo.saveSubscriber(id, c.req.valid("json"), ownerId(c), ownerFilter(c), auditBy(c))
        .catch(
          referencesProblem,
        );
      c.header("Location", `/v1/subscribers/${id}`);
      return c.json(s, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/subscribers",
      operationId: "getSubscribers",
      tags: ["subscribers"],
      summary: "订阅者列表 / Subscribers, by id",
      description: "Partner apps see the subscribers they registered; operators see all.",
      security,
      request: { query: pageQuery },
      responses: {
        200: {
          description: "A page",
          content: {
            "application/json": {
              schema: z.object({ items: z.array(subscriberSchema), next: z.string().nullable() }),
            },
          },
        },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const items = await repo.listSubscribers(ownerFilter(c), q.after ?? null, q.limit);
      return c.json({ items, next: items.length === q.limit ? items.at(-1)!.id : null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/subscribers/{id}",
      operationId: "getSubscribersById",
      tags: ["subscribers"],
      summary: "查看订阅者 / A subscriber",
      security,
      request: { params },
      responses: {
        200: { description: "The subscriber", content: { "application/json": { schema: subscriberSchema } } },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const s = await repo.getSubscriber(id, ownerFilter(c));
      if (!s) throw notFound(thing, id);
      return c.json(s, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/subscribers/{id}",
      operationId: "patchSubscribersById",
      tags: ["subscribers"],
      summary: "修改订阅者（偏好、关注、免打扰）/ Change a subscriber's preferences",
      description: "Any field of the registration; given fields replace what was there (lists as a whole).",
      security,
      request: {
        params,
        body: { required: true, content: { "application/json": { schema: subscriberPatch } } },
      },
      responses: {
        200: { description: "The subscriber", content: { "application/json": { schema: subscriberSchema } } },
        ...problemResponses(400, 401, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const owner = ownerFilter(c);
      const current = await repo.getSubscriber(id, owner);
      if (!current) throw notFound(thing, id);
      const { id: _i, createdAt: _c, updatedAt: _u, ...base } = current;
      // Only the fields the caller sent: zod's defaults must not reset fields left out (an opt-out
      // cleared by a PATCH about something else). Each field sent replaces that field as a whole.
      // A request without a body passes the validator as {} (it validates only JSON it is given).
      const sent = await c.req.json().catch(() => null) as Record<string, unknown> | null;
      if (sent === null || typeof sent !== "object" || Array.isArray(sent)) {
        throw new ProblemError("validationFailed", {
          zh: "请求体须为 JSON 对象，写明要修改的字段",
          en: "The body must be a JSON object naming the fields to change",
        }, { errors: [{ path: "body", message: "a JSON object is required" }] });
      }
      const patch = Object.fromEntries(
        Object.entries(c.req.valid("json") as Partial<SubscriberInput>).filter(([k]) =>
          Object.hasOwn(sent, k)
        ),
      ) as Partial<SubscriberInput>;
      const merged = subscriberBody.safeParse({ ...base, ...patch });
      if (!merged.success) {
        throw new ProblemError("validationFailed", {
          zh: "修改后的订阅者无效",
          en: `The subscriber would not be valid: ${
            merged.error.issues.map((i) => i.path.join(".")).join(", ")
          }`,
        }, {
          errors: merged.error.issues.map((i) => ({
            path: ["body", ...i.path.map(String)].join("."),
            message: i.message,
          })),
        });
      }
      const currentOwner = (await repo.subscriberOwner(id)) ?? ownerId(c);
      return c.json(
        await repo.saveSubscriber(id, merged.data, currentOwner, owner, auditBy(c)).catch(referencesProblem),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/subscribers/{id}",
      operationId: "deleteSubscribersById",
      tags: ["subscribers"],
      summary: "删除订阅者（个人信息抹除）/ Erase a subscriber",
      description:
        "Removes the subscriber, its addresses and links; its deliveries stay only as anonymous counts (event, channel, status).",
      security,
      request: { params },
      responses: { 204: { description: "Erased" }, ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const n = await repo.eraseSubscriber(id, ownerFilter(c), auditBy(c));
      if (n === null) throw notFound(thing, id);
      return c.body(null, 204);
    },
  );
}
