import type { ServiceSpec } from "@yibao/kit";
import { consoleEnvSchema } from "./config.ts";
import { registerPageRoutes } from "./routes/pages.ts";
import { registerStatusRoutes } from "./routes/status.ts";

/** The console: the web console for operators and hosts, starting with the suite's status page. */
export const service: ServiceSpec<typeof consoleEnvSchema> = {
  name: "console",
  version: "0.1.0",
  defaultPort: 8100,
  title: "医保政策通 · 控制台 / Console",
  description: "运营人员与主播的网页控制台。The web console for operators and hosts.",
  env: consoleEnvSchema,
  setup({ app, config }) {
    registerPageRoutes(app);
    registerStatusRoutes(app, config.CONSOLE_SERVICES);
  },
};
