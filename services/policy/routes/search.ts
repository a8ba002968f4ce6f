import { createRoute } from "@hono/zod-openapi";
import { shanghaiToday } from "@yibao/domain";
import { etagged, notFound, problemResponses, sendEtagged, type ServiceApp } from "@yibao/kit";
import type { ReadCache } from "../cache.ts";
import type { PolicyRepository } from "../repository.ts";
import { searchPage, searchQuery } from "../schemas.ts";
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
        "Questions such as 异地就医怎么备案 are matched against titles, bodies and summaries. With `region`, only the policies in force there are searched, by the same rule as `GET /v1/policies?region=` (a policy shadowed by a local one is never found); without, the catalogue. `total` counts the matches: among the 200 best hits, those scoring at least 30% of the best hit that hold at least one of the question's words (so at most 200) (the Chinese analyzer matches any shared two-character term, so a looser count would be most of the catalogue). Each item carries `snippet`: the passage where the words matched, as plain `text` with `highlights` (`[start, end)` offsets in Unicode code points) and as `marked`, the same text with each match between ⟦ and ⟧.",
      security: readSecurity,
      request: { query: searchQuery },
      responses: {
        200: { description: "Ranked results", content: { "application/json": { schema: searchPage } } },
        304: { description: "Not modified (If-None-Match)" },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const asOf = q.asOf ?? shanghaiToday();
      const text = toLuceneText(q.q);
      const key = `search|${JSON.stringify(q.q)}|${q.region ?? ""}|${q.audience ?? ""}|${
        q.topic ?? ""
      }|${asOf}|${q.limit}|${q.offset}`;
      const page = await cache.get(key, q.region === undefined ? {} : { region: q.region }, async () => {
        const found = await repo.search(text, q.q, { ...q, asOf });
        if (!found) return undefined;
        return etagged({ ...found, q: q.q, region: q.region ?? null, asOf });
      });
      if (!page) throw notFound({ zh: "地区", en: "Region" }, q.region!);
      return sendEtagged(c, page) as never;
    },
  );
}
