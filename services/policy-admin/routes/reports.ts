import { createRoute, z } from "@hono/zod-openapi";
import { ProblemError, problemResponses, type ServiceApp } from "@yibao/kit";
import type { AdminRepository } from "../repository.ts";
import { amendmentIdParam } from "../schemas.ts";
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
                channels: z.array(z.object({
                  channel: z.string(),
                  acknowledgements: z.array(z.object({
                    consumer: z.string(),
                    eventId: z.string(),
                    eventType: z.string(),
                    syncedAt: z.string(),
                  })),
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
      type Ack = { consumer: string; eventId: string; eventType: string; syncedAt: string };
      const byChannel = new Map<string, Ack[]>();
      for (const s of r.syncs) {
        const list = byChannel.get(s.channel as string) ?? [];
        list.push({
          consumer: s.consumer as string,
          eventId: s.eventId as string,
          eventType: s.eventType as string,
          syncedAt: s.syncedAt as string,
        });
        byChannel.set(s.channel as string, list);
      }
      return c.json({
        amendmentId: id,
        status: r.amendment.status as string,
        channels: [...byChannel].map(([channel, acknowledgements]) => ({ channel, acknowledgements })),
      }, 200);
    },
  );

  app.use("/v1/audit", readAccess);
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/audit",
      operationId: "getAudit",
      tags: ["audit"],
      summary: "审计记录（最新在前）/ The audit trail, newest first",
      security,
      request: {
        query: z.object({
          entityId: z.string().max(200).optional().openapi({
            description: "修订或政策 id / An amendment or policy id",
          }),
          actorId: z.string().max(200).optional(),
          before: z.iso.datetime({ offset: true }).optional().openapi({
            description: "分页：早于此时刻 / Page: entries before this instant",
          }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
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
