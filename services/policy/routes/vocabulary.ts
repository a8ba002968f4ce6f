import { createRoute, z } from "@hono/zod-openapi";
import { regionCodeSchema } from "@yibao/domain";
import { jsonWithEtag, notFound, problemResponses, type ServiceApp } from "@yibao/kit";
import type { PolicyRepository } from "../repository.ts";
import { readAccess, readSecurity } from "./_access.ts";

const regionNode = z.object({ code: z.string(), name: z.string(), level: z.string() });
const named = z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string() });

/** Regions, audiences and topics. */
export function registerVocabularyRoutes(app: ServiceApp, repo: PolicyRepository): void {
  for (const p of ["/v1/regions/*", "/v1/audiences", "/v1/topics"]) app.use(p, readAccess);

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/regions/{code}",
      operationId: "getRegionsByCode",
      tags: ["vocabulary"],
      summary: "地区及其上级、下级 / A region with its ancestors and children",
      description: "National is 000000; then province, city and county (GB/T 2260).",
      security: readSecurity,
      request: {
        params: z.object({
          code: regionCodeSchema.openapi({ param: { name: "code", in: "path" }, example: "110105" }),
        }),
      },
      responses: {
        200: {
          description: "The region",
          content: {
            "application/json": {
              schema: z.object({
                region: regionNode.extend({ fullName: z.string(), grouping: z.boolean() }),
                ancestors: z.array(regionNode),
                children: z.array(regionNode),
              }),
            },
          },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { code } = c.req.valid("param");
      const r = await repo.region(code);
      if (!r) throw notFound({ zh: "地区", en: "Region" }, code);
      (r.children as { code: string }[]).sort((a, b) => a.code.localeCompare(b.code));
      return jsonWithEtag(c, r) as never;
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/audiences",
      operationId: "getAudiences",
      tags: ["vocabulary"],
      summary: "人群 / Audiences",
      security: readSecurity,
      responses: {
        200: {
          description: "Every audience",
          content: { "application/json": { schema: z.object({ items: z.array(named) }) } },
        },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => jsonWithEtag(c, { items: (await repo.vocabulary()).audiences }) as never,
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/topics",
      operationId: "getTopics",
      tags: ["vocabulary"],
      summary: "主题 / Topics",
      security: readSecurity,
      responses: {
        200: {
          description: "Every topic",
          content: { "application/json": { schema: z.object({ items: z.array(named) }) } },
        },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => jsonWithEtag(c, { items: (await repo.vocabulary()).topics }) as never,
  );
}
