/** Starts the console in-process against the run's Neo4j and NATS, and a realistic Faro payload. */
import { type RunningService, runService } from "@yibao/kit";
import { service as consoleService } from "../../services/console/service.ts";
import { serviceEnv } from "../harness/mod.ts";

/** A console of the test's own (its own rate limiter, metrics and log), with `env` over the defaults. */
export function startConsole(env: Record<string, string> = {}): Promise<RunningService> {
  // browser exceptions are logged as warnings: keep the test output quiet unless a test asks
  return runService(consoleService, {
    env: serviceEnv({ LOG_LEVEL: "error", ...env }),
    handleSignals: false,
  });
}

/** The value of one Prometheus sample line on `/metrics` (0 when absent). */
export async function metricValue(svc: RunningService, series: string): Promise<number> {
  const text = await (await svc.app.request("/metrics")).text();
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** POSTs a JSON body (a string is sent as it is) to `/collect`. */
export function postCollect(
  svc: RunningService,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(svc.app.request("/collect", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  }));
}

const firefoxUa = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

/**
 * A payload as Faro 2.x's fetch transport sends it after a page load: session and view metas, the
 * web vitals the web-vitals instrumentation measured (milliseconds), one uncaught exception with its
 * stack and trace context, a log line and the session-start event.
 */
export function faroPayload(page: string, options: { traceId?: string; sessionId?: string } = {}) {
  const traceId = options.traceId ?? "0af7651916cd43dd8448eb211c80319c";
  const sessionId = options.sessionId ?? "s8Ah3kQm2P";
  const now = new Date().toISOString();
  const context = (id: string) => ({
    id,
    rating: "good",
    navigation_type: "navigate",
    navigation_entry_id: "unknown",
  });
  return {
    meta: {
      sdk: { name: "@grafana/faro-core", version: "2.12.1", integrations: [] },
      app: { name: "yibao-console", version: "0.1.0", environment: "test" },
      session: { id: sessionId, attributes: { isSampled: "true" } },
      page: { id: "p-1", url: "http://127.0.0.1:8100/" },
      browser: {
        name: "Firefox",
        version: "133.0",
        os: "Linux x86_64",
        mobile: false,
        userAgent: firefoxUa,
        language: "zh-CN",
        viewportWidth: "1280",
        viewportHeight: "800",
      },
      view: { name: page },
    },
    measurements: [
      {
        type: "web-vitals",
        values: { lcp: 1840.2, delta: 1840.2, element_render_delay: 12, time_to_first_byte: 120 },
        timestamp: now,
        context: { ...context("v5-lcp"), element: "main>h2" },
      },
      {
        type: "web-vitals",
        values: { ttfb: 120.5, delta: 120.5, dns_duration: 0 },
        timestamp: now,
        context: context("v5-ttfb"),
      },
      { type: "web-vitals", values: { fcp: 640, delta: 640 }, timestamp: now, context: context("v5-fcp") },
      { type: "web-vitals", values: { cls: 0.02, delta: 0.02 }, timestamp: now, context: context("v5-cls") },
      {
        type: "web-vitals",
        values: { inp: 96, delta: 96, input_delay: 4 },
        timestamp: now,
        context: context("v5-inp"),
      },
      { type: "faro-custom", values: { queue_depth: 3 }, timestamp: now },
    ],
    exceptions: [
      {
        type: "TypeError",
        value: "Cannot read properties of undefined (reading 'ready')",
        timestamp: now,
        stacktrace: {
          frames: [
            {
              filename: "http://127.0.0.1:8100/assets/main.12bd485d8788.js",
              function: "refresh",
              lineno: 1,
              colno: 5230,
            },
            {
              filename: "http://127.0.0.1:8100/assets/main.12bd485d8788.js",
              function: "",
              lineno: 1,
              colno: 88,
            },
          ],
        },
        trace: { trace_id: traceId, span_id: "b7ad6b7169203331" },
        context: {},
      },
    ],
    logs: [{ message: "status refreshed", level: "info", timestamp: now, context: undefined }],
    events: [{ name: "session_start", domain: "browser", timestamp: now, attributes: {} }],
  };
}
