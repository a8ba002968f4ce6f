/** The browser families metrics are labelled with: a bounded set, never the raw user agent. */
export type BrowserFamily = "chrome" | "firefox" | "safari" | "edge" | "other";

/**
 * The browser family from Faro's `meta.browser.name` (ua-parser's names: "Chrome", "Mobile Chrome",
 * "Chrome Headless", "Edge", "Firefox", "Mobile Safari", …), else from a user agent string. Opera,
 * Samsung Internet, WeChat's browser and the rest are other.
 */
export function browserFamily(name: string | undefined, userAgent: string | undefined): BrowserFamily {
  if (name) {
    const n = name.toLowerCase();
    if (n.includes("edge")) return "edge";
    if (n.includes("firefox")) return "firefox";
    if (n.includes("chrome") || n.includes("chromium")) return "chrome";
    if (n.includes("safari")) return "safari";
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
