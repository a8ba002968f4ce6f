import { createRoute, z } from "@hono/zod-openapi";
import { isoDateSchema, policyIdSchema, regionCodeSchema, topicIdSchema } from "@yibao/domain";
import { jsonWithEtag, notFound, ProblemError, problemResponses, type ServiceApp } from "@yibao/kit";
import type { PolicyRepository } from "../repository.ts";
import { readAccess, readSecurity } from "./_access.ts";

/** Encodes a change-feed position as an opaque cursor. */
export function encodeCursor(seq: number): string {
  return btoa(`seq:${seq}`).replace(/=+$/, "");
}

/** Decodes a cursor; null when it is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  try {
    const m = /^seq:(\d{1,15})$/.exec(atob(cursor));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

const changeItem = z.object({
  cursor: z.string(),
  seq: z.number().int(),
  at: z.string(),
  kind: z.enum(["published", "effective", "withdrawn"]),
  policyId: z.string(),
  version: z.number().int().nullable(),
  amendmentId: z.string().nullable(),
  effectiveFrom: isoDateSchema.nullable(),
  policyTitle: z.string().nullable().openapi({
    description:
      "政策标题（该版本的，撤回时为最新版本的）/ The policy's title (of the version named; the latest for a withdrawal)",
  }),
  summary: z.string().nullable().openapi({
    description: "修订说明：改了什么 / The amendment's summary: what changes",
  }),
}).openapi("ChangeFeedItem");

/** `GET /v1/changes`: what changed since a cursor, for partner sync. */
export function registerChangeRoutes(app: ServiceApp, repo: PolicyRepository): void {
  app.use("/v1/changes", readAccess);
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/changes",
      operationId: "getChanges",
      tags: ["sync"],
      summary: "变更订阅：自某游标以来的变更 / Changes since a cursor",
      description:
        "Stable order; pass `next` back as `since` until `hasMore` is false. Without `since`, starts at the beginning. Filters: `region` (changes of policies that apply there or in any region above it), `policyId`, `topic`; with filters, `next` still moves past every entry read, so the next page starts where this one stopped. Each entry carries the policy's title and the amendment's summary. A `since` the feed never issued (not a cursor, or beyond the newest entry) is a 400 naming `query.since`; an unknown `region` is a 404.",
      security: readSecurity,
      request: {
        query: z.object({
          since: z.string().max(64).optional().openapi({
            description: "上次返回的 next 游标 / The `next` cursor of the previous page",
          }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          region: regionCodeSchema.optional().openapi({
            description:
              "地区代码：该地区及其上级地区适用的政策的变更 / Region code: changes of policies that apply there or in a region above it",
            example: "110105",
          }),
          policyId: policyIdSchema.optional(),
          topic: topicIdSchema.optional(),
        }),
      },
      responses: {
        200: {
          description: "A page of changes",
          content: {
            "application/json": {
              schema: z.object({ items: z.array(changeItem), next: z.string(), hasMore: z.boolean() }),
            },
          },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { since, limit, region, policyId, topic } = c.req.valid("query");
      const from = since === undefined ? 0 : decodeCursor(since);
      const invalid = () =>
        new ProblemError("validationFailed", {
          zh: "游标 since 无效，请使用上一页返回的 next",
          en: "The cursor in since is not valid; pass the next value of a previous page",
        }, { errors: [{ path: "query.since", message: "not a cursor of this feed" }] });
      if (from === null) throw invalid();
      if (region !== undefined && !(await repo.regionExists(region))) {
        throw notFound({ zh: "地区", en: "Region" }, region);
      }
      const { head, items: rows } = await repo.changes(from, limit + 1, { region, policyId, topic });
      // every cursor the feed issues is at most the newest entry's seq
      if (from > head) throw invalid();
      const page = rows.slice(0, limit);
      const hasMore = rows.length > limit;
      // with nothing more to read, the next page starts after the newest entry read (filtered or not)
      const last = hasMore ? (page[page.length - 1]!.seq as number) : Math.max(from, head);
      return jsonWithEtag(c, {
        items: page.map((r) => ({
          cursor: encodeCursor(r.seq as number),
          seq: r.seq,
          at: r.at,
          kind: r.kind,
          policyId: r.policyId,
          version: r.version ?? null,
          amendmentId: r.amendmentId ?? null,
          effectiveFrom: r.effectiveFrom ?? null,
          policyTitle: r.policyTitle ?? null,
          summary: r.summary ?? null,
        })),
        next: encodeCursor(last),
        hasMore,
      }) as never;
    },
  );
}
