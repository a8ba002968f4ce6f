/** What the client reads from `<meta name="yibao-telemetry">` (see `client/settings.ts`). */
export interface TelemetryMetaSettings {
  app: string;
  version: string;
  environment: string;
  collectUrl: string;
}

/**
 * The `content` of the layout's `<meta name="yibao-telemetry" content={…}>`: JSON of the app name,
 * version, environment and the same-origin collect URL. Hono JSX escapes the attribute.
 */
export function telemetryMetaContent(settings: Partial<TelemetryMetaSettings> & { version: string }): string {
  return JSON.stringify({
    app: settings.app ?? "yibao-console",
    version: settings.version,
    environment: settings.environment ?? "development",
    collectUrl: settings.collectUrl ?? "/collect",
  });
}
