import { createRoute, z } from "@hono/zod-openapi";
import { policyIdSchema } from "@yibao/domain";
import { ProblemError, problemResponses, type ServiceApp } from "@yibao/kit";
import { type AdminRepository, auditEntityTypes } from "../repository.ts";
import { amendmentIdParam } from "../schemas.ts";
import { propagationChannels } from "../propagation.ts";
import { readAccess, security } from "./_access.ts";

/** Propagation report and the audit trail. */
export function registerReportRoutes(app: ServiceApp, repo: AdminRepository): void {
  app.use("/v1/amendments/:id/propagation", readAccess);
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/amendments/{id}/propagation",
      operationId: "getAmendmentsByIdPropagation",
      tags: ["amendments"],
      summary: "修订的传播情况 / Which channels acknowledged an amendment, and when",
      security,
      request: { params: amendmentIdParam },
      responses: {
        200: {
          description: "Acknowledgements (`channel.synced`) by channel",
          content: {
            "application/json": {
              schema: z.object({
                amendmentId: z.string(),
                status: z.string(),
                publishedAt: z.string().nullable(),
                publishedEventId: z.string().nullable().openapi({
                  description:
                    "policy.amendment.published 的事件 id（可向通知服务查询送达）/ Its event id; notifications' GET /v1/events/{id}/deliveries has live counts",
                }),
                effectiveEventId: z.string().nullable(),
                channels: z.array(z.object({
                  channel: z.string(),
                  acknowledgements: z.array(z.object({
                    consumer: z.string(),
                    eventId: z.string(),
                    eventType: z.string(),
                    syncedAt: z.string(),
                    detail: z.record(z.string(), z.unknown()).nullable().openapi({
                      description:
                        "渠道附带的信息（如通知的送达数）/ What the channel added, e.g. N of M reached",
                    }),
                  })),
                })),
                expectedChannels: z.array(z.object({
                  channel: z.string(),
                  acknowledged: z.boolean(),
                  firstSyncedAt: z.string().nullable(),
                  secondsAfterPublication: z.number().nullable(),
                })),
              }),
            },
          },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      const r = await repo.propagation(id);
      if (!r) {
        throw new ProblemError("notFound", { zh: "未找到该修订", en: `Amendment "${id}" was not found` });
      }
      const publishedAt = (r.amendment.publishedAt as string | null) ?? null;
      return c.json({
        amendmentId: id,
        status: r.amendment.status as string,
        publishedAt,
        publishedEventId: (r.amendment.publishedEventId as string | null) ?? null,
        effectiveEventId: (r.amendment.effectiveEventId as string | null) ?? null,
        ...propagationChannels(r.syncs, publishedAt),
      }, 200);
    },
  );

  app.use("/v1/audit", readAccess);
  // An instant with an offset the graph can store (±18:00 at most; zod alone allows up to ±23:59,
  // which Neo4j refused with a 500).
  const auditInstant = z.iso.datetime({ offset: true }).refine((s) => {
    const m = /([+-])(\d{2}):(\d{2})$/.exec(s);
    return !m || Number(m[2]) * 60 + Number(m[3]) <= 18 * 60;
  }, "the offset must be within ±18:00");
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/audit",
      operationId: "getAudit",
      tags: ["audit"],
      summary: "审计记录（最新在前）/ The audit trail, newest first",
      description:
        "One trail for the suite: amendments and policies (policy-admin), sessions and question moderation (sessions), subscribers and webhook endpoints (notifications), each written in the transaction of its change.",
      security,
      request: {
        query: z.object({
          entityId: z.string().max(200).optional().openapi({
            description:
              "修订、政策、场次、问题、订阅者或 Webhook 端点的 id / An amendment, policy, session, question, subscriber or webhook endpoint id",
          }),
          entityType: z.enum(auditEntityTypes).optional().openapi({
            description:
              "只看一类对象的记录（policy 含其版本的生效与被取代）/ Entries about one kind of thing: amendment, policy (with its versions taking effect or being superseded), session, question (moderation), subscriber, webhookEndpoint",
          }),
          policyId: policyIdSchema.optional().openapi({
            description:
              "该政策及其修订、版本的记录 / Entries about this policy, its amendments and versions",
          }),
          actorId: z.string().max(200).optional(),
          before: auditInstant.optional().openapi({
            description: "分页：早于此时刻 / Page: entries before this instant",
          }),
          from: auditInstant.optional().openapi({
            description: "不早于此时刻（含）/ Entries at or after this instant",
          }),
          to: auditInstant.optional().openapi({
            description: "早于此时刻（不含）/ Entries before this instant (exclusive)",
          }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }).refine((f) => !f.from || !f.to || Date.parse(f.from) <= Date.parse(f.to), {
          message: "must not be before from",
          params: { zh: "结束时间不能早于开始时间", en: "Must not be before from" },
          path: ["to"],
        }),
      },
      responses: {
        200: {
          description: "Who did what, when, before and after",
          content: {
            "application/json": { schema: z.object({ items: z.array(z.record(z.string(), z.unknown())) }) },
          },
        },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => c.json({ items: await repo.audit(c.req.valid("query")) }, 200),
  );
}
