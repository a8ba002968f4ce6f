import { createRoute, z } from "@hono/zod-openapi";
import {
  openapiJsonRoute,
  preferredLanguage,
  problemBody,
  problemResponses,
  requireAccess,
  type ServiceApp,
  toProblem,
  validationProblem,
} from "@yibao/kit";
import { calendarDateSchema, itemCategorySchema } from "@yibao/domain";
import { batchRequestSchema, estimateRequestSchema } from "../estimate_request.ts";
import { estimateAnswerJson } from "../estimate_json.ts";
import { answerEstimate } from "../estimator.ts";
import type { RulesSource } from "../rules_source.ts";

const access = requireAccess({ roles: ["operator", "reviewer", "host"], scopes: ["eligibility:read"] });
const security: Record<string, string[]>[] = [{ apiKeyAuth: [] }, { bearerAuth: [] }];

const fen = z.number().int();
const bandSchema = z.object({
  fromFen: fen,
  toFen: fen,
  amountFen: fen,
  rateBp: fen,
  fundFen: fen,
}).openapi("EstimateBand");

const estimateSchema = z.object({
  totalFen: fen,
  excludedFen: fen,
  classBSelfPayFen: fen,
  overLimitFen: fen.openapi({ description: "超出单价限额的部分（个人负担）/ Parts above price limits" }),
  categorySelfPayFen: fen.openapi({
    description: "特殊检查、特殊治疗、医用材料先自付合计 / Category shares paid first, together",
  }),
  categories: z.array(z.object({
    category: itemCategorySchema,
    ruleCategory: itemCategorySchema,
    nameZh: z.string(),
    nameEn: z.string(),
    amountFen: fen,
    overLimitFen: fen,
    itemLimitFen: fen.nullable(),
    countedFen: fen,
    selfPayBp: fen,
    selfPayFen: fen,
  })).openapi({ description: "各类别的先自付 / Per-category shares" }),
  inScopeFen: fen,
  deductibleFen: fen,
  bands: z.array(bandSchema),
  fundBeforeCapFen: fen,
  capFen: fen,
  fundPaysFen: fen,
  secondLayer: z.object({
    amountFen: fen,
    deductibleFen: fen,
    baseFen: fen.nullable().openapi({
      description: "本次之前的年度累计基数（未提供时为 null）/ Year-to-date residual continued from, or null",
    }),
    bands: z.array(bandSchema),
    capFen: fen,
    fundFen: fen,
  }).nullable(),
  outOfPocketFen: fen,
  rule: z.object({ id: z.string(), policyId: z.string(), version: z.number().int() }),
  crossRegion: z.boolean(),
  asOf: calendarDateSchema,
  lines: z.array(z.object({
    step: z.string(),
    amountFen: fen,
    ruleId: z.string(),
    policyId: z.string(),
    version: z.number().int(),
    explanationZh: z.string(),
    explanationEn: z.string(),
  })),
  yearToDateAfter: z.object({
    admissions: fen,
    deductiblePaidFen: fen,
    fundPaidFen: fen,
    secondLayerPaidFen: fen,
    inScopeCostFen: fen,
    secondLayerBaseFen: fen.optional(),
  }).openapi({
    description:
      "本次之后的年度累计，供同一年下一次就诊使用 / The year to date after this visit, for the next one",
  }),
}).passthrough().openapi("Estimate");

/** `POST /v1/estimates` and `POST /v1/estimates/batch`. */
export function registerEstimateRoutes(app: ServiceApp, rules: RulesSource): void {
  // "/v1/estimates/*" matches "/v1/estimates" too: one registration, so access is checked once
  app.use("/v1/estimates/*", access);
  openapiJsonRoute(
    app,
    createRoute({
      method: "post",
      path: "/v1/estimates",
      operationId: "postEstimates",
      tags: ["estimates"],
      summary: "医保报销测算 / Estimate what the fund and the insured pay for a visit",
      description:
        "Itemised to the fen: excluded items, class-B self-pay, deductible, each band × rate, cap, second layer, out of pocket; every line names the rule, policy and version.",
      security,
      request: {
        body: { required: true, content: { "application/json": { schema: estimateRequestSchema } } },
      },
      responses: {
        200: { description: "The estimate", content: { "application/json": { schema: estimateSchema } } },
        ...problemResponses(400, 401, 403, 404, 413, 415, 422),
      },
    }),
    estimateRequestSchema,
    // the same text as c.json, without JSON.stringify re-reading every explanation (estimate_json.ts)
    async (c, body) =>
      c.body(estimateAnswerJson(await answerEstimate(rules, body)), 200, {
        "content-type": "application/json",
      }),
  );

  openapiJsonRoute(
    app,
    createRoute({
      method: "post",
      path: "/v1/estimates/batch",
      operationId: "postEstimatesBatch",
      tags: ["estimates"],
      summary: "批量测算（最多 1000 笔）/ Up to 1,000 estimates at once",
      description:
        "Each result is an estimate or a problem for that item (`index` says which), in the order given.",
      security,
      request: { body: { required: true, content: { "application/json": { schema: batchRequestSchema } } } },
      responses: {
        200: {
          description: "One result per item",
          content: {
            "application/json": {
              schema: z.object({
                results: z.array(
                  z.object({
                    index: z.number().int(),
                    estimate: estimateSchema.optional(),
                    problem: z.unknown().optional(),
                  }),
                ),
              }),
            },
          },
        },
        ...problemResponses(400, 401, 403, 413, 415),
      },
    }),
    batchRequestSchema,
    async (c, { items }) => {
      const lang = preferredLanguage(c.req.header("accept-language"));
      const results = [];
      for (const [index, raw] of items.entries()) {
        try {
          const parsed = estimateRequestSchema.safeParse(raw);
          if (!parsed.success) throw validationProblem(parsed.error, `body.items.${index}`);
          results.push({ index, estimate: await answerEstimate(rules, parsed.data, `body.items.${index}`) });
        } catch (err) {
          const p = toProblem(err);
          if (p.status >= 500) throw err;
          results.push({
            index,
            problem: problemBody(p, { instance: c.req.path, requestId: c.get("requestId"), lang }),
          });
        }
      }
      return c.json({ results }, 200);
    },
  );
}
