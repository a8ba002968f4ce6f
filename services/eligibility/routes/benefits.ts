import { createRoute, z } from "@hono/zod-openapi";
import { calendarDateSchema, isoDateSchema, regionCodeSchema, shanghaiToday } from "@yibao/domain";
import { notFound, problemResponses, requireAccess, type ServiceApp } from "@yibao/kit";
import type { RulesSource } from "../rules_source.ts";

const benefit = z.object({
  key: z.string().openapi({
    description:
      "测算：险种.就诊类型；资格：待遇键 / For estimates insuranceType.visitType; for eligibility checks the benefit key",
    example: "employee.inpatient",
  }),
  kind: z.enum(["estimate", "eligibility"]).openapi({
    description: "可用于 POST /v1/estimates 还是 POST /v1/eligibility-checks",
  }),
  insuranceType: z.string().optional(),
  visitType: z.string().optional(),
  ruleId: z.string(),
  policyId: z.string(),
  version: z.number().int(),
  citation: z.object({ title: z.string(), docNumber: z.string(), issuer: z.string() }),
  source: z.object({ region: z.string(), year: z.number().int(), note: z.string() }),
}).openapi("Benefit");

const security: Record<string, string[]>[] = [{ apiKeyAuth: [] }, { bearerAuth: [] }];

/** `GET /v1/benefits`: the benefit keys a region offers on a date, with their rules' citations. */
export function registerBenefitRoutes(app: ServiceApp, rules: RulesSource): void {
  app.use(
    "/v1/benefits",
    requireAccess({ roles: ["operator", "reviewer", "host"], scopes: ["eligibility:read"] }),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/benefits",
      operationId: "getBenefits",
      tags: ["estimates"],
      summary: "某地某日可用的待遇规则 / Benefits a region offers on a date",
      description:
        "One entry per insurance type and visit type (for estimates) and one per benefit key (for eligibility checks): the most local rule in force, with its policy citation.",
      security,
      request: {
        query: z.object({
          region: regionCodeSchema.openapi({ example: "110105" }),
          asOf: calendarDateSchema.optional(),
        }),
      },
      responses: {
        200: {
          description: "The benefits",
          content: {
            "application/json": {
              schema: z.object({ region: z.string(), asOf: isoDateSchema, items: z.array(benefit) }),
            },
          },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { region, asOf: given } = c.req.valid("query");
      const asOf = given ?? shanghaiToday();
      const inForce = await rules.inForce(region, asOf);
      if (inForce === null) throw notFound({ zh: "地区", en: "Region" }, region);
      const seen = new Set<string>();
      const items = [];
      for (const r of inForce.benefit) {
        const key = `${r.rule.insuranceType}.${r.rule.visitType}`;
        if (seen.has(key)) continue; // the most local rule for the key wins, as in an estimate
        seen.add(key);
        items.push({
          key,
          kind: "estimate" as const,
          insuranceType: r.rule.insuranceType,
          visitType: r.rule.visitType,
          ruleId: r.rule.id,
          policyId: r.policyId,
          version: r.version,
          citation: r.citation,
          source: r.rule.source,
        });
      }
      for (const r of inForce.eligibility) {
        if (seen.has(r.rule.benefit)) continue;
        seen.add(r.rule.benefit);
        items.push({
          key: r.rule.benefit,
          kind: "eligibility" as const,
          ruleId: r.rule.id,
          policyId: r.policyId,
          version: r.version,
          citation: r.citation,
          source: r.rule.source,
        });
      }
      return c.json({ region, asOf, items }, 200);
    },
  );
}
