import { createRoute, z } from "@hono/zod-openapi";
import { isoDateSchema, shanghaiToday } from "@yibao/domain";
import {
  etagged,
  jsonWithEtag,
  notFound,
  ProblemError,
  problemResponses,
  sendEtagged,
  type ServiceApp,
} from "@yibao/kit";
import type { ReadCache } from "../cache.ts";
import type { PolicyRepository } from "../repository.ts";
import { asOfParam, change, listQuery, policyDetail, policyIdParam, policyPage } from "../schemas.ts";
import { readAccess, readSecurity } from "./_access.ts";

const policyThing = { zh: "政策", en: "Policy" };

/** In force, by id, versions, diff. */
export function registerPolicyRoutes(app: ServiceApp, repo: PolicyRepository, cache: ReadCache): void {
  // "/v1/policies/*" matches "/v1/policies" too: one registration, so access is checked once
  app.use("/v1/policies/*", readAccess);

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/policies",
      operationId: "getPolicies",
      tags: ["policies"],
      summary:
        "某地区现行有效的政策，或全部政策目录 / Policies in force for a region, or the whole catalogue",
      description:
        "With `region`: inherited from every ancestor region; a lower region's overriding policy shadows the one it overrides. Without `region`: every policy with a version valid on `asOf` in any region (nothing is shadowed), most local first, then by id; `appliesIn` lists where each applies.",
      security: readSecurity,
      request: { query: listQuery },
      responses: {
        200: { description: "A page of policies", content: { "application/json": { schema: policyPage } } },
        304: { description: "Not modified (If-None-Match)" },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const asOf = q.asOf ?? shanghaiToday();
      const { region } = q;
      const key = `inForce|${region ?? "*"}|${q.audience ?? ""}|${
        q.topic ?? ""
      }|${asOf}|${q.limit}|${q.offset}`;
      const page = await cache.get(key, region === undefined ? {} : { region }, async () => {
        if (region === undefined) {
          return etagged({ ...(await repo.catalogue({ ...q, asOf })), asOf });
        }
        const found = await repo.inForce({ ...q, region, asOf });
        return found ? etagged({ ...found, region, asOf }) : undefined;
      });
      if (!page) throw notFound({ zh: "地区", en: "Region" }, region!);
      return sendEtagged(c, page) as never;
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/policies/{id}",
      operationId: "getPoliciesById",
      tags: ["policies"],
      summary: "某日期有效的政策版本 / A policy as of a date",
      security: readSecurity,
      request: { params: policyIdParam, query: z.object({ asOf: asOfParam }) },
      responses: {
        200: {
          description: "The policy and its version on that date",
          content: { "application/json": { schema: policyDetail } },
        },
        304: { description: "Not modified (If-None-Match)" },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const asOf = c.req.valid("query").asOf ?? shanghaiToday();
      // The cache keeps the serialised body and its ETag, so a hit costs no work at all.
      const found = await cache.get(`byId|${id}|${asOf}`, { policy: id }, async () => {
        const p = await repo.byId(id, asOf);
        return p === null || p === "noVersion" ? p : etagged(p);
      });
      if (found === null) throw notFound(policyThing, id);
      if (found === "noVersion") {
        throw new ProblemError("notFound", {
          zh: `政策「${id}」在 ${asOf} 尚无生效版本`,
          en: `Policy "${id}" has no version in force on ${asOf}`,
        });
      }
      return sendEtagged(c, found) as never;
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/policies/{id}/versions",
      operationId: "getPoliciesByIdVersions",
      tags: ["policies"],
      summary: "政策的全部版本 / Every version of a policy",
      security: readSecurity,
      request: { params: policyIdParam },
      responses: {
        200: {
          description: "Versions, oldest first",
          content: {
            "application/json": {
              schema: z.object({
                id: z.string(),
                versions: z.array(z.object({
                  version: z.number().int(),
                  title: z.string(),
                  effectiveFrom: isoDateSchema,
                  effectiveTo: isoDateSchema.nullable(),
                  publishedAt: z.string(),
                  amendmentId: z.string().nullable(),
                })),
              }),
            },
          },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const versions = await repo.versions(id);
      if (!versions) throw notFound(policyThing, id);
      return jsonWithEtag(c, {
        id,
        versions: versions.map((v) => ({
          ...v,
          effectiveTo: v.effectiveTo ?? null,
          amendmentId: v.amendmentId ?? null,
        })),
      }) as never;
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/policies/{id}/diff",
      operationId: "getPoliciesByIdDiff",
      tags: ["policies"],
      summary: "两个版本的逐字段差异 / Field-level diff between two versions",
      security: readSecurity,
      request: {
        params: policyIdParam,
        query: z.object({
          from: z.coerce.number().int().min(1).max(100_000).openapi({
            description: "旧版本号 / Older version",
          }),
          to: z.coerce.number().int().min(1).max(100_000).openapi({
            description: "新版本号 / Newer version",
          }),
        }),
      },
      responses: {
        200: {
          description: "What was and what is, field by field (text, summaries, rule parameters)",
          content: {
            "application/json": {
              schema: z.object({
                id: z.string(),
                from: z.number(),
                to: z.number(),
                changes: z.array(change),
              }),
            },
          },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { from, to } = c.req.valid("query");
      const d = await repo.diff(id, from, to);
      if (d === "noPolicy") throw notFound(policyThing, id);
      if (d === "noFrom" || d === "noTo") {
        const v = d === "noFrom" ? from : to;
        throw new ProblemError("notFound", {
          zh: `政策「${id}」没有第 ${v} 版`,
          en: `Policy "${id}" has no version ${v}`,
        }, { errors: [{ path: `query.${d === "noFrom" ? "from" : "to"}`, message: `no version ${v}` }] });
      }
      return jsonWithEtag(c, { id, from, to, changes: d.changes }) as never;
    },
  );
}
