/**
 * @module
 * The audience page's own small entry point (it runs on old phones): Grafana Faro's web SDK without
 * the tracing package (no OpenTelemetry), then only the audience page's enhancers (the live
 * fragment). The page works without it.
 *
 * 1. Settings come from the same `<meta name="yibao-telemetry">` tag as the console's pages.
 * 2. Errors, web vitals, the session (in `sessionStorage`) and the view (`<body data-page>`) are sent
 *    as plain JSON to the collect URL; no fetch is traced.
 */
import { getWebInstrumentations, initializeFaro } from "@grafana/faro-web-sdk";
import { enhanceAll } from "../enhance/mod.ts";
import { liveFragment } from "../enhance/live_fragment.ts";
import { readTelemetrySettings } from "../settings.ts";

function startTelemetry(): void {
  const settings = readTelemetrySettings(document);
  if (!settings) return;
  initializeFaro({
    url: settings.collectUrl,
    app: { name: settings.app, version: settings.version, environment: settings.environment },
    view: { name: document.body?.dataset.page || "unknown" },
    requestCompression: false,
    sessionTracking: { enabled: true, persistent: false },
    instrumentations: getWebInstrumentations({ captureConsole: false }),
  });
}

try {
  startTelemetry();
} catch (err) {
  // Monitoring must never break the page.
  console.warn("telemetry not started", err);
}
enhanceAll(document, { "live-fragment": liveFragment });
