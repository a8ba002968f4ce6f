import { createRoute, z } from "@hono/zod-openapi";
import { channelSchema } from "@yibao/domain";
import type { EventBus } from "@yibao/events";
import {
  actorOf,
  notFound,
  type Principal,
  ProblemError,
  problemResponses,
  type ServiceApp,
} from "@yibao/kit";
import { publishJobs } from "../jobs.ts";
import type { NotificationsRepository } from "../repository.ts";
import { deliverySchema, deliveryStatuses, idParam } from "../schemas.ts";
import { operatorAccess, reachAccess, security } from "./_access.ts";

const statusCounts = z.object(Object.fromEntries(deliveryStatuses.map((s) => [s, z.number().int()])));

/** Deliveries for operators: list, replay, and the per-event summary by channel. */
export function registerDeliveryRoutes(
  app: ServiceApp,
  repo: NotificationsRepository,
  bus: EventBus,
  instanceId: string,
): void {
  app.use("/v1/deliveries", operatorAccess);
  app.use("/v1/deliveries/:id/replay", operatorAccess);
  app.use("/v1/events/:id/deliveries", reachAccess);

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/deliveries",
      operationId: "getDeliveries",
      tags: ["deliveries"],
      summary: "推送记录 / Deliveries by subscriber, event, status, channel",
      description:
        "Status: pending (waiting for a worker), deferred (quiet hours or digest), sent, failed (will retry at dueAt), dead (gave up; replayable), skipped (the subscriber opted out since).",
      security,
      request: {
        query: z.object({
          subscriberId: z.string().max(100).optional(),
          eventId: z.string().max(300).optional(),
          status: z.enum(deliveryStatuses).optional(),
          channel: channelSchema.optional(),
          after: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: {
          description: "A page of deliveries, by id",
          content: {
            "application/json": {
              schema: z.object({ items: z.array(deliverySchema), next: z.string().nullable() }),
            },
          },
        },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const items = await repo.listDeliveries(q) as z.infer<typeof deliverySchema>[];
      return c.json({ items, next: items.length === q.limit ? items.at(-1)!.id : null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/deliveries/{id}/replay",
      operationId: "postDeliveriesByIdReplay",
      tags: ["deliveries"],
      summary: "重新推送 / Replay a dead or failed delivery",
      description: "Sets it pending with a fresh retry schedule and queues it now.",
      security,
      request: { params: idParam("dlv") },
      responses: {
        202: { description: "Queued", content: { "application/json": { schema: deliverySchema } } },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const actor = actorOf(c.get("principal") as Principal).id;
      const r = await repo.replay(id, actor, instanceId);
      if (!r) {
        const d = await repo.getDelivery(id);
        if (!d) throw notFound({ zh: "推送记录", en: "Delivery" }, id);
        throw new ProblemError("conflict", {
          zh: `只有失败或终止的推送可以重发（当前：${d.status}）`,
          en: `Only dead or failed deliveries can be replayed; this one is ${d.status}${
            d.subscriberId ? "" : " and its subscriber was erased"
          }`,
        });
      }
      await publishJobs(bus, [{ key: r.key, channel: r.delivery.channel as string, enqueues: r.enqueues }]);
      return c.json(r.delivery as z.infer<typeof deliverySchema>, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/events/{id}/deliveries",
      operationId: "getEventsByIdDeliveries",
      tags: ["deliveries"],
      summary: "事件的触达情况 / N of M reached, by channel, for one event",
      security,
      request: {
        params: z.object({ id: z.string().min(1).max(300).openapi({ param: { name: "id", in: "path" } }) }),
      },
      responses: {
        200: {
          description: "Counts by channel and status",
          content: {
            "application/json": {
              schema: z.object({
                eventId: z.string(),
                eventType: z.string().nullable(),
                policyId: z.string().nullable(),
                amendmentId: z.string().nullable(),
                subscribers: z.number().int().openapi({ description: "订阅者数 / Subscribers targeted" }),
                settledAt: z.string().nullable(),
                total: z.number().int(),
                reached: z.number().int(),
                channels: z.array(
                  z.object({
                    channel: z.string(),
                    total: z.number().int(),
                    reached: z.number().int(),
                    statuses: statusCounts,
                  }),
                ),
              }),
            },
          },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { event, counts } = await repo.eventSummary(id);
      if (!event) throw notFound({ zh: "事件", en: "Event" }, id);
      const byChannel = new Map<string, Record<string, number>>();
      for (const x of counts.filter(Boolean)) {
        const m = byChannel.get(x.channel) ?? Object.fromEntries(deliveryStatuses.map((s) => [s, 0]));
        m[x.status] = (m[x.status] ?? 0) + x.n;
        byChannel.set(x.channel, m);
      }
      const channels = [...byChannel].sort().map(([channel, statuses]) => ({
        channel,
        total: Object.values(statuses).reduce((a, b) => a + b, 0),
        reached: statuses.sent ?? 0,
        statuses: statuses as z.infer<typeof statusCounts>,
      }));
      return c.json({
        eventId: id,
        eventType: (event.type as string) ?? null,
        policyId: (event.policyId as string) ?? null,
        amendmentId: (event.amendmentId as string) ?? null,
        subscribers: (event.targeted as number) ?? 0,
        settledAt: typeof event.settledAt === "number" ? new Date(event.settledAt).toISOString() : null,
        total: channels.reduce((n, ch) => n + ch.total, 0),
        reached: channels.reduce((n, ch) => n + ch.reached, 0),
        channels,
      }, 200);
    },
  );
}
