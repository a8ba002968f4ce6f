import { isoDateSchema } from "@yibao/domain";
import { createRoute, z } from "@hono/zod-openapi";
import { jsonWithEtag, ProblemError, problemResponses, type ServiceApp } from "@yibao/kit";
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
        "Stable order; pass `next` back as `since` until `hasMore` is false. Without `since`, starts at the beginning.",
      security: readSecurity,
      request: {
        query: z.object({
          since: z.string().max(64).optional().openapi({
            description: "上次返回的 next 游标 / The `next` cursor of the previous page",
          }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
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
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const { since, limit } = c.req.valid("query");
      const from = since === undefined ? 0 : decodeCursor(since);
      if (from === null) {
        throw new ProblemError("validationFailed", {
          zh: "游标 since 无效，请使用上一页返回的 next",
          en: "The cursor in since is not valid; pass the next value of a previous page",
        }, { errors: [{ path: "query.since", message: "not a cursor of this feed" }] });
      }
      const rows = await repo.changes(from, limit + 1);
      const page = rows.slice(0, limit);
      const last = page.length ? (page[page.length - 1]!.seq as number) : from;
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
        })),
        next: encodeCursor(last),
        hasMore: rows.length > limit,
      }) as never;
    },
  );
}
