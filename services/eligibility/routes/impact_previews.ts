import { createRoute, z } from "@hono/zod-openapi";
import { calendarDateSchema, isoDateSchema, shanghaiToday, visitTypeSchema } from "@yibao/domain";
import { problemResponses, requireAccess, type ServiceApp } from "@yibao/kit";
import type { Graph } from "@yibao/graph";
import { previewImpact } from "../impact/preview.ts";
import type { RulesSource } from "../rules_source.ts";

/** People with review rights: operators and reviewers (admins pass), and tools with `policy:write`. */
const access = requireAccess({ roles: ["operator", "reviewer"], scopes: ["policy:write"] });
const security: Record<string, string[]>[] = [{ apiKeyAuth: [] }, { bearerAuth: [] }];

const bilingual = z.object({ zh: z.string(), en: z.string() });
const ruleRef = z.object({ id: z.string(), policyId: z.string(), version: z.number().int() });
const fen = z.number().int();

const totals = {
  cases: z.number().int(),
  estimated: z.number().int().openapi({
    description: "两侧均可测算的案例数 / Cases estimated on both sides",
  }),
  notEstimated: z.number().int(),
  changed: z.number().int(),
  averageFundPaysBeforeFen: fen.nullable(),
  averageFundPaysAfterFen: fen.nullable(),
  averageChangeFen: fen.nullable().openapi({
    description: "平均变化（分，四舍五入）/ Average change in fen, rounded half up",
  }),
};

const requestSchema = z.object({
  amendmentId: z.string().min(1).max(200).openapi({ example: "amd-3f2a9c1e" }),
  asOf: calendarDateSchema.optional().openapi({
    description: "按哪天的现行规则测算，默认今天（上海时间）/ Rules in force on this date; default today",
  }),
}).openapi("ImpactPreviewRequest");

const caseSchema = z.object({
  id: z.string(),
  region: z.string(),
  description: bilingual.openapi({
    example: {
      zh: "职工 · 在职 · 三级医院 · 住院 · 总费用 20,000 元",
      en: "Employee · employed · 3rd-level hospital · inpatient · total 20,000 yuan",
    },
  }),
  person: z.object({ insuranceType: z.string(), employment: z.string(), age: z.number().int() }),
  visit: z.object({
    type: visitTypeSchema,
    hospitalLevel: z.number().int(),
    totalFen: fen,
    amounts: z.object({ classAFen: fen, classBFen: fen, selfPayFen: fen }),
  }),
  fundPaysBeforeFen: fen.nullable(),
  fundPaysAfterFen: fen.nullable(),
  differenceFen: fen.nullable(),
  changed: z.boolean(),
  coveredByChangedRule: z.boolean(),
  ruleBefore: ruleRef.nullable(),
  ruleAfter: ruleRef.nullable(),
  notEstimated: z.object({ before: bilingual.optional(), after: bilingual.optional() }).optional().openapi({
    description: "无法测算的原因 / Why a side could not be estimated",
  }),
}).openapi("ImpactCase");

const responseSchema = z.object({
  amendmentId: z.string(),
  policyId: z.string(),
  status: z.string(),
  baseVersion: z.number().int(),
  latestVersion: z.number().int(),
  asOf: isoDateSchema,
  changedRules: z.array(z.string()),
  regions: z.array(z.object({
    code: z.string(),
    name: z.string(),
    fullName: z.string(),
    representative: z.boolean(),
    policyInForce: z.boolean(),
    omitted: z.boolean(),
  })),
  panel: z.object({ maxCases: z.number().int(), cases: z.number().int(), truncated: z.boolean() }),
  summary: z.object({
    ...totals,
    byVisitType: z.array(z.object({ visitType: visitTypeSchema, ...totals })),
  }),
  cases: z.array(caseSchema),
}).openapi("ImpactPreview");

/** `POST /v1/impact-previews`: what a draft amendment would do to typical people's bills. */
export function registerImpactPreviewRoutes(app: ServiceApp, graph: Graph, rules: RulesSource): void {
  app.use("/v1/impact-previews", access);
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/impact-previews",
      operationId: "postImpactPreviews",
      tags: ["estimates"],
      summary: "修订草案影响测算 / Preview what a draft amendment does to typical bills",
      description:
        "A fixed panel of typical visits (employee employed/retired and resident × hospital level 1–3 × the visit types the policy's rules cover × bills of 800, 5,000, 20,000 and 80,000 yuan, split 70% class A, 20% class B, 10% self-pay) in the policy's regions — for a national or provincial policy the representative pooling regions 北京市 110000, 连云港市 320700, 烟台市 370600 and 广安市 511600 within it — each estimated with the rules in force on `asOf` and with the policy's rules replaced by the draft's. At most 500 cases: whole regions are left out beyond that and marked `omitted`. Cases that cannot be estimated are listed with the reason.",
      security,
      request: { body: { required: true, content: { "application/json": { schema: requestSchema } } } },
      responses: {
        200: { description: "The preview", content: { "application/json": { schema: responseSchema } } },
        ...problemResponses(400, 401, 403, 404, 415, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const preview = await previewImpact(graph, rules, {
        amendmentId: body.amendmentId,
        asOf: body.asOf ?? shanghaiToday(),
      });
      return c.json(preview, 200) as never;
    },
  );
}
