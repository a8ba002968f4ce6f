import type { ServiceSpec } from "@yibao/kit";
import type { z } from "zod";

/** The notifications service: subscribers, graph targeting, fan-out, channels, retries and partner webhooks. */
export const service: ServiceSpec<z.ZodObject> = {
  name: "notifications",
  version: "0.1.0",
  defaultPort: 8105,
  title: "医保政策通 · 消息推送 / Notifications",
  description:
    "订阅者、定向、扇出、渠道、重试与合作方回调。Subscribers, targeting, fan-out, channels, retries and partner webhooks.",
  setup() {
    // Domain routes and consumers are added by the issues that build this service.
  },
};
