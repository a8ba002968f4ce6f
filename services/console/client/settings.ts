/** What the layout's `<meta name="yibao-telemetry">` tells the client. */
export interface TelemetrySettings {
  app: string;
  version: string;
  environment: string;
  /** Same-origin path Faro posts to, e.g. `/collect`. */
  collectUrl: string;
}

/** Reads the telemetry settings from the page's meta tag; undefined when absent or unreadable. */
export function readTelemetrySettings(doc: Document): TelemetrySettings | undefined {
  const content = doc.querySelector<HTMLMetaElement>('meta[name="yibao-telemetry"]')?.content;
  if (!content) return undefined;
  try {
    const raw = JSON.parse(content) as Partial<Record<keyof TelemetrySettings, unknown>>;
    const text = (v: unknown, fallback: string) => typeof v === "string" && v ? v : fallback;
    const collectUrl = text(raw.collectUrl, "/collect");
    // Same origin only: the CSP's connect-src is 'self', and no payload goes to a third party.
    if (!collectUrl.startsWith("/") || collectUrl.startsWith("//")) return undefined;
    return {
      app: text(raw.app, "yibao-console"),
      version: text(raw.version, "0.0.0"),
      environment: text(raw.environment, "development"),
      collectUrl,
    };
  } catch {
    return undefined;
  }
}
