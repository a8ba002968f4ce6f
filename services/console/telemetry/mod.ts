/**
 * @module
 * The console's real-user monitoring: `POST /collect` for the Faro web SDK (web vitals and browser
 * exceptions into `/metrics`, exceptions into the log, optional forwarding to a Faro collector), and
 * the settings the layout gives the client in `<meta name="yibao-telemetry">`.
 */
export {
  collectBodyLimitBytes,
  type CollectOptions,
  type CollectRoute,
  registerCollectRoute,
} from "./collect.ts";
export { type BrowserFamily, browserFamily } from "./browser_family.ts";
export { knownPageNames, pageLabel } from "./page_names.ts";
export { RumMetrics, type WebVital, webVitals } from "./rum_metrics.ts";
export { telemetryMetaContent, type TelemetryMetaSettings } from "./meta.ts";
