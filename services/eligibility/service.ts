import type { ServiceSpec } from "@yibao/kit";
import type { z } from "zod";

/** The eligibility service: eligibility checks and the reimbursement estimator, rules read from the graph. */
export const service: ServiceSpec<z.ZodObject> = {
  name: "eligibility",
  version: "0.1.0",
  defaultPort: 8103,
  title: "医保政策通 · 资格核验与报销测算 / Eligibility and estimates",
  description:
    "资格核验与医保报销测算，规则读自图数据库。Eligibility checks and the reimbursement estimator, with rules read from the graph.",
  setup() {
    // Domain routes and consumers are added by the issues that build this service.
  },
};
