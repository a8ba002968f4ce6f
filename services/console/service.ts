import type { ServiceSpec } from "@yibao/kit";
import { createClients } from "./api/services.ts";
import { SessionStore } from "./auth/sessions.ts";
import { SignInThrottle } from "./auth/throttle.ts";
import { assetUrl, loadAssets, registerAssetRoutes } from "./assets.ts";
import { securityHeaders } from "./security_headers.ts";
import { setAssetResolver } from "./web/asset_names.ts";
import { consoleEnvSchema } from "./config.ts";
import { AudienceClient } from "./api/audience.ts";
import { AudienceHub } from "./audience/live_hub.ts";
import { registerAmendmentRoutes } from "./routes/amendment.tsx";
import { registerAudienceRoutes } from "./routes/audience.tsx";
import { registerDeskRoutes } from "./routes/amendments.tsx";
import { registerAuthRoutes } from "./routes/auth.tsx";
import { registerHomeRoutes } from "./routes/home.tsx";
import { registerHostLiveRoutes } from "./routes/host_live.tsx";
import { registerHostSessionRoutes } from "./routes/host_sessions.tsx";
import { registerPolicyRoutes } from "./routes/policies.tsx";
import { registerPropagationRoutes } from "./routes/propagation.tsx";
import { registerApiKeyRoutes } from "./routes/api_keys.tsx";
import { registerAuditRoutes } from "./routes/audit.tsx";
import { registerAwarenessRoutes } from "./routes/awareness.tsx";
import { registerSessionResultsRoutes } from "./routes/session_results.tsx";
import { registerItemRoutes } from "./routes/items.tsx";
import { registerPeopleRoutes } from "./routes/people.tsx";
import { registerStatusPage } from "./routes/status_page.tsx";
import { registerStatusRoutes } from "./routes/status.ts";
import { consoleErrorHandler } from "./web/errors.tsx";
import { webMiddleware } from "./web/middleware.ts";
import { telemetrySettings } from "./web/render.tsx";
import { registerCollectRoute } from "./telemetry/mod.ts";

/** The console: the web console for operators, reviewers, hosts and administrators. */
export const service: ServiceSpec<typeof consoleEnvSchema> = {
  name: "console",
  version: "0.2.0",
  defaultPort: 8100,
  title: "医保政策通 · 控制台 / Console",
  description: "运营、审核人员与主播的网页控制台。The web console for operators, reviewers and hosts.",
  env: consoleEnvSchema,
  acceptForms: true,
  async setup({ app, config, graph, log, addMetrics, onShutdown }) {
    telemetrySettings.version = service.version;
    telemetrySettings.environment = config.CONSOLE_ENVIRONMENT;
    const sessions = new SessionStore(graph, {
      idleSeconds: config.CONSOLE_SESSION_IDLE_MINUTES * 60,
      absoluteSeconds: config.CONSOLE_SESSION_MAX_HOURS * 3600,
    });
    const throttle = new SignInThrottle(graph, {
      perLogin: config.CONSOLE_SIGNIN_MAX_FAILURES_PER_LOGIN,
      perAddress: config.CONSOLE_SIGNIN_MAX_FAILURES_PER_ADDRESS,
      windowSeconds: config.CONSOLE_SIGNIN_WINDOW_MINUTES * 60,
    });
    const clients = createClients(config.CONSOLE_SERVICES, {
      tokenSecret: config.AUTH_TOKEN_SECRET,
      tokenTtlSeconds: config.CONSOLE_API_TOKEN_TTL_SECONDS,
    });
    app.onError(consoleErrorHandler(log));
    app.use(securityHeaders());
    // the browser side: hashed assets (assets.ts) and real-user monitoring (telemetry/)
    await loadAssets(config.CONSOLE_ASSETS_DIR);
    setAssetResolver(assetUrl);
    registerAssetRoutes(app);
    const rum = registerCollectRoute(app, {
      log,
      ratePerMinute: config.COLLECT_RATE_PER_MINUTE,
      collectorUrl: config.FARO_COLLECTOR_URL,
    });
    addMetrics(() => rum.metrics.render());
    onShutdown(rum.drain);
    app.use(webMiddleware({ sessions, trustProxy: config.CONSOLE_TRUST_PROXY }));
    registerAuthRoutes(app, { graph, sessions, throttle });
    registerHomeRoutes(app, { clients });
    registerDeskRoutes(app, { clients });
    registerAmendmentRoutes(app, { clients });
    registerPropagationRoutes(app, { clients, lateAfterSeconds: config.CONSOLE_PROPAGATION_LATE_SECONDS });
    registerPolicyRoutes(app, { clients });
    registerHostSessionRoutes(app, { clients, graph });
    registerHostLiveRoutes(app, { clients });
    registerPeopleRoutes(app, { graph });
    registerApiKeyRoutes(app, { graph });
    registerAuditRoutes(app, { graph, clients });
    // Issue 15: the item bank and awareness.
    registerItemRoutes(app, { clients });
    registerAwarenessRoutes(app, { clients });
    registerSessionResultsRoutes(app, { clients });
    const audience = new AudienceClient(clients.sessions.baseUrl);
    const audienceHub = new AudienceHub(audience, {
      coalesceMs: config.CONSOLE_AUDIENCE_LIVE_MS,
      log: (m) => log.warn(m),
    });
    onShutdown(() => Promise.resolve(audienceHub.close()));
    registerAudienceRoutes(app, {
      clients,
      audience,
      hub: audienceHub,
      secret: config.AUTH_TOKEN_SECRET,
      frameAncestors: config.CONSOLE_AUDIENCE_FRAME_ANCESTORS,
    });
    registerStatusPage(app, config.CONSOLE_SERVICES);
    registerStatusRoutes(app, config.CONSOLE_SERVICES);

    const prune = setInterval(() => {
      sessions.prune().catch((err) => log.warn("pruning sessions failed", { error: String(err) }));
    }, 10 * 60_000);
    onShutdown(() => Promise.resolve(clearInterval(prune)));
  },
};
