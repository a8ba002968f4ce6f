import { createRoute } from "@hono/zod-openapi";
import { shanghaiToday } from "@yibao/domain";
import { etagged, problemResponses, sendEtagged, type ServiceApp } from "@yibao/kit";
import type { ReadCache } from "../cache.ts";
import type { PolicyRepository } from "../repository.ts";
import { policyPage, searchQuery } from "../schemas.ts";
import { toLuceneText } from "../search_text.ts";
import { readAccess, readSecurity } from "./_access.ts";

/** `GET /v1/search`: ranked Chinese full-text search. */
export function registerSearchRoutes(app: ServiceApp, repo: PolicyRepository, cache: ReadCache): void {
  app.use("/v1/search", readAccess);
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/search",
      operationId: "getSearch",
      tags: ["policies"],
      summary: "政策全文检索 / Search policies in Chinese",
      description:
        "Questions such as 异地就医怎么备案 are matched against titles, bodies and summaries of the versions in force.",
      security: readSecurity,
      request: { query: searchQuery },
      responses: {
        200: { description: "Ranked results", content: { "application/json": { schema: policyPage } } },
        304: { description: "Not modified (If-None-Match)" },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const asOf = q.asOf ?? shanghaiToday();
      const text = toLuceneText(q.q);
      const key = `search|${text}|${q.region ?? ""}|${q.audience ?? ""}|${
        q.topic ?? ""
      }|${asOf}|${q.limit}|${q.offset}`;
      const page = await cache.get(key, null, async () => {
        const found = text
          ? await repo.search(text, { ...q, asOf })
          : { items: [], total: 0, limit: q.limit, offset: q.offset };
        return await etagged({ ...found, q: q.q, asOf });
      });
      return sendEtagged(c, page) as never;
    },
  );
}
