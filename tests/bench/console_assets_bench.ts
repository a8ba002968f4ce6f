/**
 * JavaScript and CSS each console page ships, from the built assets' manifest: every console page
 * loads `main.js` (Faro with tracing, the enhancers) and `styles.css`; the public audience page loads
 * only `audience.js` (Faro without tracing, the live fragment) and `audience-styles.css`. Gzip sizes
 * are what travels.
 */
import { defaultAssetsDir } from "../../services/console/assets.ts";

/** Sizes of the shipped assets in bytes, raw and gzip, and the per-page total. */
export interface ConsoleAssetsFigures {
  assets: Record<string, { file: string; bytes: number; gzipBytes: number }>;
  perPageGzipBytes: number;
  perPageBytes: number;
  /** The aim for a page's JavaScript and CSS, gzip. */
  aimGzipBytes: number;
  /** The audience page's JavaScript alone, gzip and raw, and its stylesheet's gzip. */
  audience: { jsGzipBytes: number; jsBytes: number; cssGzipBytes: number; aimJsGzipBytes: number };
}

/** Reads the manifest (`./dev bench` builds the assets first). */
export async function consoleAssetsBench(dir = defaultAssetsDir): Promise<ConsoleAssetsFigures> {
  const manifest = JSON.parse(await Deno.readTextFile(`${dir}manifest.json`)) as {
    assets: Record<string, { file: string; bytes: number; gzipBytes: number }>;
  };
  const entry = (name: string) => {
    const a = manifest.assets[name];
    if (!a) throw new Error(`${name} is not in ${dir}manifest.json`);
    return a;
  };
  const perPage = ["main.js", "styles.css"].map(entry);
  return {
    assets: manifest.assets,
    perPageGzipBytes: perPage.reduce((n, a) => n + a.gzipBytes, 0),
    perPageBytes: perPage.reduce((n, a) => n + a.bytes, 0),
    aimGzipBytes: 150 * 1024,
    audience: {
      jsGzipBytes: entry("audience.js").gzipBytes,
      jsBytes: entry("audience.js").bytes,
      cssGzipBytes: entry("audience-styles.css").gzipBytes,
      aimJsGzipBytes: 80 * 1000,
    },
  };
}

/** The report lines. */
export function consoleAssetsReport(f: ConsoleAssetsFigures): string[] {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  return [
    "Console browser assets (every console page: main.js + styles.css; the audience page: audience.js + audience-styles.css):",
    ...Object.entries(f.assets).map(([name, a]) =>
      `  ${name.padEnd(20)} ${a.file.padEnd(36)} ${kib(a.bytes).padStart(10)} raw ${
        kib(a.gzipBytes).padStart(10)
      } gzip`
    ),
    `  per page (main.js + styles.css): ${kib(f.perPageGzipBytes)} gzip, ${kib(f.perPageBytes)} raw ` +
    `(aim ≤ ${kib(f.aimGzipBytes)} gzip with Faro and tracing)`,
    `  audience page JavaScript (audience.js): ${kib(f.audience.jsGzipBytes)} gzip ` +
    `(${(f.audience.jsGzipBytes / 1000).toFixed(1)} KB), ${kib(f.audience.jsBytes)} raw ` +
    `(aim ≤ 80 KB gzip, Faro without tracing); its CSS ${kib(f.audience.cssGzipBytes)} gzip`,
    "",
  ];
}

if (import.meta.main) console.log(consoleAssetsReport(await consoleAssetsBench()).join("\n"));
