import type { ServiceSpec } from "@yibao/kit";
import type { z } from "zod";

/** The policy service: in-force lookup, versions, diffs, search and the change feed for partner apps. */
export const service: ServiceSpec<z.ZodObject> = {
  name: "policy",
  version: "0.1.0",
  defaultPort: 8101,
  title: "医保政策通 · 政策查询 / Policy lookup",
  description:
    "在某地区、某人群、某日期生效的政策，历史版本、差异、全文检索与变更订阅。In-force policies by region, audience and date; versions, diffs, search and a change feed.",
  setup() {
    // Domain routes and consumers are added by the issues that build this service.
  },
};
