/**
 * @module
 * The console's one client entry point: real-user monitoring with Grafana Faro, then the page
 * enhancers. Every page works without it; it only measures and adds small conveniences.
 *
 * 1. Settings come from `<meta name="yibao-telemetry" content='{"app":…,"version":…,"environment":…,
 *    "collectUrl":"/collect"}'>` written by the layout (no inline script: the pages' CSP forbids it).
 *    Without that meta tag (or with unreadable JSON) Faro is not started.
 * 2. The view name is `<body data-page="…">`, so errors and web vitals are grouped by page.
 * 3. Faro's web instrumentations report errors, web vitals, sessions and views; the tracing
 *    instrumentation starts a span for each fetch/XHR and sends `traceparent` on same-origin calls
 *    (OpenTelemetry injects it whenever the URL's origin is the page's; `propagateTraceHeaderCorsUrls`
 *    would only be needed for other origins). The collect URL itself is never traced.
 * 4. `data-enhance="<name>"` elements get their enhancer (see `enhance/mod.ts`).
 */
import { getWebInstrumentations, initializeFaro } from "@grafana/faro-web-sdk";
import { TracingInstrumentation } from "@grafana/faro-web-tracing";
import { enhanceAll } from "./enhance/mod.ts";
import { readTelemetrySettings } from "./settings.ts";

function startTelemetry(): void {
  const settings = readTelemetrySettings(document);
  if (!settings) return;
  const page = document.body?.dataset.page || "unknown";
  initializeFaro({
    url: settings.collectUrl,
    app: { name: settings.app, version: settings.version, environment: settings.environment },
    view: { name: page },
    // Faro's default fetch transport posts plain JSON: the console's /collect accepts only that.
    requestCompression: false,
    sessionTracking: { enabled: true, persistent: false },
    instrumentations: [
      ...getWebInstrumentations({ captureConsole: false }),
      new TracingInstrumentation(),
    ],
  });
}

try {
  startTelemetry();
} catch (err) {
  // Monitoring must never break a page.
  console.warn("telemetry not started", err);
}
enhanceAll(document);
