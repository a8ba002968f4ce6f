import { createRoute, z } from "@hono/zod-openapi";
import { benefitKeySchema, bilingualSchema, isoDateSchema, nextStepSchema } from "@yibao/domain";
import { problemResponses, requireAccess, type ServiceApp } from "@yibao/kit";
import { answerCheck } from "../checks/answer.ts";
import { checkRequestSchema } from "../checks/profile.ts";
import type { RulesSource } from "../rules_source.ts";

const security: Record<string, string[]>[] = [{ apiKeyAuth: [] }, { bearerAuth: [] }];

const resultSchema = z.object({
  benefit: benefitKeySchema,
  status: z.enum(["eligible", "notEligible", "needsInformation"]),
  summary: bilingualSchema,
  reasons: z.array(z.object({
    criterion: z.string(),
    status: z.enum(["met", "notMet", "unknown"]),
    zh: z.string(),
    en: z.string(),
  })),
  missingFacts: z.array(z.object({ field: z.string(), zh: z.string(), en: z.string() })).openapi({
    description: "要补充的个人信息（字段路径和问题）/ Profile fields to fill in, with the question to ask",
  }),
  options: z.object({
    title: bilingualSchema,
    items: z.array(bilingualSchema.extend({ id: z.string() })),
  }).optional().openapi({ description: "可选项，如缴费档次 / Choices such as contribution tiers" }),
  nextSteps: z.array(nextStepSchema),
  estimate: z.object({
    status: z.enum(["available", "notPublished", "needsInsuranceType", "notApplicable"]),
    visitTypes: z.array(z.string()).optional(),
    zh: z.string(),
    en: z.string(),
  }).openapi({
    description:
      "能否用 POST /v1/estimates 为本人的险种测算该项报销；不能时说明原因 / Whether POST /v1/estimates answers for this benefit and the person's insurance type, and if not, why",
  }),
  citation: z.object({
    ruleId: z.string(),
    policyId: z.string(),
    version: z.number().int(),
    title: z.string(),
    docNumber: z.string(),
    issuer: z.string(),
    source: z.object({ region: z.string(), year: z.number().int(), note: z.string() }),
  }),
}).openapi("EligibilityResult");

/** `POST /v1/eligibility-checks`. */
export function registerEligibilityCheckRoutes(app: ServiceApp, rules: RulesSource): void {
  app.use(
    "/v1/eligibility-checks",
    requireAccess({ roles: ["operator", "reviewer", "host"], scopes: ["eligibility:read"] }),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/eligibility-checks",
      operationId: "postEligibilityChecks",
      tags: ["eligibility"],
      summary: "资格核验 / Does this person qualify for these benefits, and if not, what is missing?",
      description:
        "For each benefit key: eligible, notEligible or needsInformation, with the reason for each criterion, the profile fields still needed, choices (e.g. contribution tiers), next steps including the 12393 hotline, and the policy version cited. Rules are the most local eligibility rules in force for the enrollment region on `asOf`.",
      security,
      request: {
        body: { required: true, content: { "application/json": { schema: checkRequestSchema } } },
      },
      responses: {
        200: {
          description: "One result per benefit, in the order asked",
          content: {
            "application/json": {
              schema: z.object({
                enrollmentRegion: z.string(),
                asOf: isoDateSchema,
                results: z.array(resultSchema),
              }).openapi("EligibilityCheck"),
            },
          },
        },
        ...problemResponses(400, 401, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => c.json(await answerCheck(rules, c.req.valid("json")), 200) as never,
  );
}
