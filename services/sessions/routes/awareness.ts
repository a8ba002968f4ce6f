/** Awareness (知晓率) by policy, region, audience and dates; hardest items; per session with pre/post; CSV. */
import { createRoute, z } from "@hono/zod-openapi";
import { audienceIdSchema, policyIdSchema, regionCodeSchema } from "@yibao/domain";
import { type Principal, ProblemError, problemResponses, requireAccess, type ServiceApp } from "@yibao/kit";
import type { Context } from "hono";
import { answersCsv } from "../awareness/csv.ts";
import type { Awareness } from "../awareness/maths.ts";
import { type AwarenessFilter, type AwarenessRepository, hardestFirst } from "../awareness/repository.ts";
import { sessionIdParam } from "../schemas.ts";
import { security } from "./_access.ts";

/** Who reads awareness: operators, reviewers, hosts (their own sessions at session level), admins. */
export const awarenessReaders = requireAccess({
  roles: ["operator", "reviewer", "host"],
  scopes: ["sessions:read"],
});

/** What the figures say, in words (Chinese first). */
export function verdict(a: Pick<Awareness, "n" | "tooSmall" | "meetsTarget">): { zh: string; en: string } {
  if (a.tooSmall) return { zh: "样本太少，无法判断", en: "too few answers to tell" };
  if (a.meetsTarget) return { zh: "达到 80% 目标", en: "meets the 80% target" };
  return { zh: "未达到 80% 目标", en: "not shown to meet the 80% target" };
}

const awarenessFields = {
  n: z.number().openapi({ description: "Knowledge answers counted" }),
  correct: z.number(),
  rate: z.number().nullable().openapi({ description: "correct / n (0–1); null when n = 0" }),
  lower: z.number().openapi({ description: "Wilson 95% interval, lower bound (0–1)" }),
  upper: z.number(),
  meetsTarget: z.boolean().openapi({ description: "Only when the lower bound is ≥ 0.80" }),
  tooSmall: z.boolean().openapi({ description: "n < 60: too few answers to tell" }),
  verdict: z.object({ zh: z.string(), en: z.string() }),
};
const awarenessSchema = z.object(awarenessFields).openapi("Awareness");
const policyAwareness = z.object({
  policyId: z.string(),
  title: z.string().nullable(),
  version: z.number().nullable(),
  respondents: z.number().openapi({ description: "People behind the answers" }),
  ...awarenessFields,
}).openapi("PolicyAwareness");
const itemAwareness = z.object({
  itemId: z.string(),
  stem: z.string(),
  kind: z.string(),
  policyId: z.string().nullable(),
  version: z.number().nullable(),
  ...awarenessFields,
}).openapi("ItemAwareness");
const prePostSchema = z.object({
  paired: z.number(),
  onlyPre: z.number(),
  onlyPost: z.number(),
  meanPre: z.number().nullable(),
  meanPost: z.number().nullable(),
  meanGain: z.number().nullable().openapi({ description: "Mean of each paired person's post − pre score" }),
  hakeG: z.number().nullable().openapi({ description: "(mean post − mean pre) / (1 − mean pre)" }),
}).openapi("PrePost");

const filterQuery = z.object({
  policy: policyIdSchema.optional(),
  region: regionCodeSchema.optional().openapi({ description: "With every region below it" }),
  audience: audienceIdSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: "Answers at or after" }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: "Answers before" }),
});
const limited = filterQuery.extend({ limit: z.coerce.number().int().min(1).max(200).default(20) });

const withWords = <T extends Awareness>(a: T) => ({ ...a, verdict: verdict(a) });
const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

function filterOf(q: z.infer<typeof filterQuery>): AwarenessFilter {
  if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to)) {
    throw new ProblemError(
      "validationFailed",
      { zh: "开始时间要早于结束时间", en: "from must be before to" },
      {
        errors: [{ path: "query.to", message: { zh: "要晚于开始时间", en: "must be after from" } }],
      },
    );
  }
  return {
    policy: q.policy,
    region: q.region,
    audience: q.audience,
    from: q.from ? new Date(q.from).toISOString() : undefined,
    to: q.to ? new Date(q.to).toISOString() : undefined,
  };
}

/** Registers the awareness routes. */
export function registerAwarenessRoutes(app: ServiceApp, repo: AwarenessRepository): void {
  app.use("/v1/awareness", awarenessReaders);
  app.use("/v1/awareness/*", awarenessReaders);
  app.use("/v1/sessions/:id/awareness", awarenessReaders);
  app.use("/v1/sessions/:id/answers.csv", awarenessReaders);

  /** 404 for an unknown session; 403 for a host who does not host it. */
  async function sessionFor(c: Context, id: string) {
    const s = await repo.sessionHost(id);
    if (!s) {
      throw new ProblemError("notFound", { zh: `未找到场次「${id}」`, en: `Session "${id}" was not found` });
    }
    const p = c.get("principal") as Principal;
    if (p.kind === "token" && p.role === "host" && s.hostId !== p.subject) {
      throw new ProblemError("forbidden", {
        zh: "主播只能查看自己场次的结果",
        en: "A host reads the results of their own sessions only",
      });
    }
    return s;
  }

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/awareness",
      operationId: "getAwareness",
      tags: ["awareness"],
      summary: "知晓率 / Awareness by policy",
      description:
        "Knowledge answers (pre-tests left out) by region (with the regions below), audience, dates " +
        "and policy: n, share correct, Wilson 95% interval; `meetsTarget` only when the lower bound is ≥ 80%, " +
        "`tooSmall` under 60 answers.",
      security,
      request: { query: filterQuery },
      responses: {
        200: json(
          z.object({ overall: awarenessSchema, policies: z.array(policyAwareness) }),
          "Overall and per policy",
        ),
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const r = await repo.byPolicy(filterOf(c.req.valid("query")));
      return c.json({ overall: withWords(r.overall), policies: r.policies.map(withWords) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/awareness/items",
      operationId: "getAwarenessItems",
      tags: ["awareness"],
      summary: "最难的题 / The items most people get wrong",
      description: "Per item, hardest first: lowest upper bound of the interval, then most answers.",
      security,
      request: { query: limited },
      responses: {
        200: json(z.object({ items: z.array(itemAwareness) }), "Hardest first"),
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const items = hardestFirst(await repo.byItem(filterOf(q))).slice(0, q.limit);
      return c.json({ items: items.map(withWords) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/awareness/policies",
      operationId: "getAwarenessPolicies",
      tags: ["awareness"],
      summary: "知晓率最低的政策 / The least-known policies in a region",
      description:
        "Per policy, lowest awareness first (lowest upper bound, then most answers): what the next " +
        "session in the region should cover.",
      security,
      request: { query: limited.extend({ region: regionCodeSchema }) },
      responses: {
        200: json(z.object({ policies: z.array(policyAwareness) }), "Lowest first"),
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const r = await repo.byPolicy(filterOf(q));
      return c.json({ policies: hardestFirst(r.policies).slice(0, q.limit).map(withWords) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/sessions/{id}/awareness",
      operationId: "getSessionsByIdAwareness",
      tags: ["awareness"],
      summary: "一场的学习效果 / What a session's audience learned",
      description: "Per item and per policy (pre-tests left out), and the pre/post comparison paired by " +
        "respondent: mean individual gain, Hake's g, paired n, only-pre n, only-post n. Its host, operators, " +
        "reviewers, admins.",
      security,
      request: { params: sessionIdParam },
      responses: {
        200: json(
          z.object({
            sessionId: z.string(),
            overall: awarenessSchema,
            items: z.array(itemAwareness),
            policies: z.array(policyAwareness),
            prePost: z.object({
              overall: prePostSchema,
              policies: z.array(prePostSchema.extend({ policyId: z.string() })),
            }),
          }),
          "The session's awareness",
        ),
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await sessionFor(c, id);
      const [byPolicy, items, pp] = [
        await repo.byPolicy({ sessionId: id }),
        await repo.byItem({ sessionId: id }),
        await repo.prePost(id),
      ];
      return c.json({
        sessionId: id,
        overall: withWords(byPolicy.overall),
        items: hardestFirst(items).map(withWords),
        policies: byPolicy.policies.map(withWords),
        prePost: pp,
      }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/sessions/{id}/answers.csv",
      operationId: "getSessionsByIdAnswersCsv",
      tags: ["awareness"],
      summary: "导出作答 / A session's answers as CSV",
      description: "While the session is live and after it: UTF-8 with a BOM, RFC 4180, formula cells " +
        "neutralised; the respondent column is pseudonymous and empty for anonymous items.",
      security,
      request: { params: sessionIdParam },
      responses: {
        200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await sessionFor(c, id);
      return c.body(answersCsv(await repo.answers(id)), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="answers-${id}.csv"`,
      }) as never;
    },
  );
}
