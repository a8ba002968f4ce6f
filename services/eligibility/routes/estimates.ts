import { createRoute, z } from "@hono/zod-openapi";
import {
  preferredLanguage,
  problemBody,
  problemResponses,
  requireAccess,
  type ServiceApp,
  toProblem,
  validationProblem,
} from "@yibao/kit";
import { batchRequestSchema, estimateRequestSchema } from "../estimate_request.ts";
import { answerEstimate } from "../estimator.ts";
import type { RulesSource } from "../rules_source.ts";

const access = requireAccess({ roles: ["operator", "reviewer", "host"], scopes: ["eligibility:read"] });
const security: Record<string, string[]>[] = [{ apiKeyAuth: [] }, { bearerAuth: [] }];

const estimateSchema = z.object({
  totalFen: z.number().int(),
  excludedFen: z.number().int(),
  classBSelfPayFen: z.number().int(),
  inScopeFen: z.number().int(),
  deductibleFen: z.number().int(),
  fundPaysFen: z.number().int(),
  outOfPocketFen: z.number().int(),
  rule: z.object({ id: z.string(), policyId: z.string(), version: z.number().int() }),
  crossRegion: z.boolean(),
  asOf: z.string(),
  lines: z.array(z.object({
    step: z.string(),
    amountFen: z.number().int(),
    ruleId: z.string(),
    policyId: z.string(),
    version: z.number().int(),
    explanationZh: z.string(),
  })),
}).passthrough().openapi("Estimate");

/** `POST /v1/estimates` and `POST /v1/estimates/batch`. */
export function registerEstimateRoutes(app: ServiceApp, rules: RulesSource): void {
  app.use("/v1/estimates", access);
  app.use("/v1/estimates/*", access);
  app.openapi(
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
    async (c) => c.json(await answerEstimate(rules, c.req.valid("json")), 200) as never,
  );

  app.openapi(
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
    async (c) => {
      const { items } = c.req.valid("json");
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
      return c.json({ results }, 200) as never;
    },
  );
}
