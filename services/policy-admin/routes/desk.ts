import { createRoute } from "@hono/zod-openapi";
import { shanghaiToday } from "@yibao/domain";
import { actorOf, type Principal, ProblemError, problemResponses, type ServiceApp } from "@yibao/kit";
import { decodeCursor, parseStates } from "../desk.ts";
import type { AdminRepository } from "../repository.ts";
import { amendmentContentSchema, amendmentIdParam, deskPageSchema, deskQuery } from "../schemas.ts";
import { readAccess, security } from "./_access.ts";

/** The amendment desk board and what an amendment would make: the operators' console reads. */
export function registerDeskRoutes(app: ServiceApp, repo: AdminRepository): void {
  app.use("/v1/amendments", readAccess);
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/amendments",
      operationId: "getAmendments",
      tags: ["amendments"],
      summary: "修订看板（按状态、政策、作者筛选，游标分页）/ The amendment desk board, filtered and paged",
      description:
        "Newest `updatedAt` first (id breaks ties). `counts` are by state under the same filters, `state` aside. `waitingForMe=true`: submitted amendments the caller did not author.",
      security,
      request: { query: deskQuery },
      responses: {
        200: { description: "One page", content: { "application/json": { schema: deskPageSchema } } },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const { states, unknown } = parseStates(q.state);
      if (unknown.length) {
        throw new ProblemError("validationFailed", {
          zh: `未知的状态：${unknown.join("、")}`,
          en: `Unknown state ${unknown.map((s) => `"${s}"`).join(", ")}`,
        }, {
          errors: [{
            path: "query.state",
            message: { zh: `未知的状态：${unknown.join("、")}`, en: `Unknown state ${unknown.join(", ")}` },
          }],
        });
      }
      const after = q.cursor === undefined ? null : decodeCursor(q.cursor);
      if (q.cursor !== undefined && !after) {
        throw new ProblemError("validationFailed", {
          zh: "游标无效，请使用上一页返回的 nextCursor",
          en: `Cursor "${q.cursor}" is not one this service gave; use the previous page's nextCursor`,
        }, {
          errors: [{
            path: "query.cursor",
            message: { zh: "游标无效", en: "Not a cursor from this service" },
          }],
        });
      }
      const page = await repo.desk({
        states,
        policyId: q.policyId,
        authorId: q.authorId,
        waitingFor: q.waitingForMe === "true" ? actorOf(c.get("principal") as Principal).id : undefined,
        q: q.q,
        after,
        limit: q.limit,
        today: shanghaiToday(),
      });
      return c.json(page, 200);
    },
  );

  app.use("/v1/amendments/:id/content", readAccess);
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/amendments/{id}/content",
      operationId: "getAmendmentsByIdContent",
      tags: ["amendments"],
      summary: "修订前后的政策内容 / The content before and after an amendment",
      description:
        "`base`: the version the changes apply to (null for a new policy); `draft`: base with the changes applied, or null with `problems` naming each field that no longer applies. For a published amendment, the version before it and the version it made.",
      security,
      request: { params: amendmentIdParam },
      responses: {
        200: {
          description: "Base and draft content, and the changes",
          content: { "application/json": { schema: amendmentContentSchema } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      const r = await repo.content(id);
      if (!r) {
        throw new ProblemError("notFound", { zh: "未找到该修订", en: `Amendment "${id}" was not found` });
      }
      return c.json(r, 200);
    },
  );
}
