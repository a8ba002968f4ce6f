import { startConsumer } from "@yibao/events";
import { policyReach } from "@yibao/graph";
import type { ServiceSpec } from "@yibao/kit";
import type { z } from "zod";
import { rulesReloadHandler } from "./invalidation.ts";
import { registerBenefitRoutes } from "./routes/benefits.ts";
import { registerEligibilityCheckRoutes } from "./routes/eligibility_checks.ts";
import { registerEstimateRoutes } from "./routes/estimates.ts";
import { registerImpactPreviewRoutes } from "./routes/impact_previews.ts";
import { RulesSource } from "./rules_source.ts";

/** The eligibility service: eligibility checks and the reimbursement estimator, over rules read from the graph. */
export const service: ServiceSpec<z.ZodObject> = {
  name: "eligibility",
  version: "0.3.0",
  defaultPort: 8103,
  title: "医保政策通 · 资格核验与报销测算 / Eligibility and estimates",
  description:
    "资格核验与医保报销测算，规则读自图数据库。Eligibility checks and the reimbursement estimator, with rules read from the graph.",
  async setup({ app, graph, bus, log, instanceId, onShutdown }) {
    const rules = new RulesSource(graph);
    registerEstimateRoutes(app, rules);
    registerBenefitRoutes(app, rules);
    registerEligibilityCheckRoutes(app, rules);
    registerImpactPreviewRoutes(app, graph, rules);
    // Every instance holds its own rules, so every instance consumes every policy event.
    const consumer = await startConsumer(
      bus,
      {
        durable: `eligibility-rules-${instanceId}`.replace(/[^A-Za-z0-9_-]/g, "_"),
        filterSubject: "events.policy.>",
        deliver: "new",
        inactiveThresholdMs: 60 * 60_000,
      },
      rulesReloadHandler(rules, bus, { instanceId, log, reach: (id) => policyReach(graph, id) }),
      { log },
    );
    onShutdown(() => consumer.stop());
  },
};
