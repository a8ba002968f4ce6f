import type { ServiceSpec } from "@yibao/kit";
import { loadAssets, registerAssetRoutes } from "./assets.ts";
import { consoleEnvSchema } from "./config.ts";
import { registerPageRoutes } from "./routes/pages.ts";
import { registerStatusRoutes } from "./routes/status.ts";
import { registerCollectRoute } from "./telemetry/mod.ts";

/** The console: the web console for operators and hosts, starting with the suite's status page. */
export const service: ServiceSpec<typeof consoleEnvSchema> = {
  name: "console",
  version: "0.1.0",
  defaultPort: 8100,
  title: "医保政策通 · 控制台 / Console",
  description: "运营人员与主播的网页控制台。The web console for operators and hosts.",
  env: consoleEnvSchema,
  async setup({ app, config, log, addMetrics, onShutdown }) {
    registerPageRoutes(app);
    registerStatusRoutes(app, config.CONSOLE_SERVICES);
    // the browser side: hashed assets (assets.ts) and real-user monitoring (telemetry/)
    await loadAssets(config.CONSOLE_ASSETS_DIR);
    registerAssetRoutes(app);
    const rum = registerCollectRoute(app, {
      log,
      ratePerMinute: config.COLLECT_RATE_PER_MINUTE,
      collectorUrl: config.FARO_COLLECTOR_URL,
    });
    addMetrics(() => rum.metrics.render());
    onShutdown(rum.drain);
  },
};
