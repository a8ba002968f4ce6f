/** The browser families metrics are labelled with: a bounded set, never the raw user agent. */
export type BrowserFamily = "chrome" | "firefox" | "safari" | "edge" | "other";

/**
 * The browser family from Faro's `meta.browser.name` (ua-parser's names: "Chrome", "Edge",
 * "Firefox", "Mobile Safari", …), else from a user agent string. Chromium-based browsers that are
 * not Edge count as chrome; Opera, Samsung Internet and others as other.
 */
export function browserFamily(name: string | undefined, userAgent: string | undefined): BrowserFamily {
  if (name) {
    const n = name.toLowerCase();
    if (n.includes("edge")) return "edge";
    if (n.includes("firefox")) return "firefox";
    if (n.includes("safari")) return "safari";
    if (n === "chrome" || n === "chromium" || n.startsWith("chrome ") || n === "chrome headless") {
      return "chrome";
    }
    return "other";
  }
  if (!userAgent) return "other";
  if (/\bEdg(e|A|iOS)?\//.test(userAgent)) return "edge";
  if (/\b(OPR|Opera|SamsungBrowser|UCBrowser|YaBrowser)\//.test(userAgent)) return "other";
  if (/\b(Firefox|FxiOS)\//.test(userAgent)) return "firefox";
  if (/\b(Chrome|Chromium|CriOS|HeadlessChrome)\//.test(userAgent)) return "chrome";
  if (/\bVersion\/[\d.]+.*Safari\//.test(userAgent)) return "safari";
  return "other";
}
