import type { ServiceSpec } from "@yibao/kit";
import { createClients } from "./api/services.ts";
import { SessionStore } from "./auth/sessions.ts";
import { SignInThrottle } from "./auth/throttle.ts";
import { consoleEnvSchema } from "./config.ts";
import { registerApiKeyRoutes } from "./routes/api_keys.tsx";
import { registerAuditRoutes } from "./routes/audit.tsx";
import { registerAuthRoutes } from "./routes/auth.tsx";
import { registerHomeRoutes } from "./routes/home.tsx";
import { registerPeopleRoutes } from "./routes/people.tsx";
import { registerStatusPage } from "./routes/status_page.tsx";
import { registerStatusRoutes } from "./routes/status.ts";
import { consoleErrorHandler } from "./web/errors.tsx";
import { webMiddleware } from "./web/middleware.ts";
import { telemetrySettings } from "./web/render.tsx";

/** The console: the web console for operators, reviewers, hosts and administrators. */
export const service: ServiceSpec<typeof consoleEnvSchema> = {
  name: "console",
  version: "0.2.0",
  defaultPort: 8100,
  title: "医保政策通 · 控制台 / Console",
  description: "运营、审核人员与主播的网页控制台。The web console for operators, reviewers and hosts.",
  env: consoleEnvSchema,
  acceptForms: true,
  setup({ app, config, graph, log, onShutdown }) {
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
    app.use(webMiddleware({ sessions, trustProxy: config.CONSOLE_TRUST_PROXY }));
    registerAuthRoutes(app, { graph, sessions, throttle });
    registerHomeRoutes(app, { clients });
    registerPeopleRoutes(app, { graph });
    registerApiKeyRoutes(app, { graph });
    registerAuditRoutes(app, { graph, clients });
    registerStatusPage(app, config.CONSOLE_SERVICES);
    registerStatusRoutes(app, config.CONSOLE_SERVICES);

    const prune = setInterval(() => {
      sessions.prune().catch((err) => log.warn("pruning sessions failed", { error: String(err) }));
    }, 10 * 60_000);
    onShutdown(() => Promise.resolve(clearInterval(prune)));
  },
};
