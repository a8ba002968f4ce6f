import { createRoute, z } from "@hono/zod-openapi";
import { regionCodeSchema, regionLevelSchema } from "@yibao/domain";
import { jsonWithEtag, notFound, problemResponses, type ServiceApp } from "@yibao/kit";
import type { PolicyRepository } from "../repository.ts";
import { readAccess, readSecurity } from "./_access.ts";

const regionNode = z.object({ code: z.string(), name: z.string(), level: z.string() });
const named = z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string() });

/** Longest `q` of a region search: longer than any region's name. */
export const regionQueryMaxLength = 20;

const regionSearchQuery = z.object({
  q: z.string().trim().min(1).max(regionQueryMaxLength).openapi({
    description:
      "名称中的任意连续文字（1–20 个字符），或 6 位（9 位）地区代码 / Any part of the name (1–20 characters), or a 6-digit (9-digit) region code",
    example: "朝阳",
  }),
  level: regionLevelSchema.optional().openapi({ description: "只要某一级 / Only this level" }),
  limit: z.coerce.number().int().min(1).max(50).default(20).openapi({
    description: "最多返回条数 / Most results (1–50)",
  }),
});

const regionHit = regionNode.extend({
  fullName: z.string().openapi({
    description: "从省级起的全称 / Names from the province down",
    example: "北京市 朝阳区",
  }),
}).openapi("RegionHit");

/** Regions, audiences and topics. */
export function registerVocabularyRoutes(app: ServiceApp, repo: PolicyRepository): void {
  // "/v1/regions/*" matches "/v1/regions" too, so each request is checked once
  for (const p of ["/v1/regions/*", "/v1/audiences", "/v1/topics"]) app.use(p, readAccess);

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/regions",
      operationId: "getRegions",
      tags: ["vocabulary"],
      summary: "按名称或代码查找地区（地区选择器）/ Find regions by name or code, for a region picker",
      description:
        "Matches `q` anywhere in the Chinese name, or a 6-digit (or 9-digit) `q` as the code. Ranked: exact name or code, then name prefix, then by level (province, city, county), then by code. Statistical groupings (市辖区, 县 …) are left out. `total` counts every match, `items` holds the first `limit`.",
      security: readSecurity,
      request: { query: regionSearchQuery },
      responses: {
        200: {
          description: "Matching regions, best first",
          content: {
            "application/json": {
              schema: z.object({ items: z.array(regionHit), total: z.number().int() }),
            },
          },
        },
        304: { description: "Not modified (If-None-Match)" },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const { q, level, limit } = c.req.valid("query");
      const found = await repo.searchRegions(q, { ...(level ? { level } : {}), limit });
      return jsonWithEtag(c, found) as never;
    },
  );

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
