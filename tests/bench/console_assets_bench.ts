/**
 * JavaScript and CSS each console page ships, from the built assets' manifest: every page loads
 * `main.js` (Faro with tracing, the enhancers) and `styles.css`. Gzip sizes are what travels.
 */
import { defaultAssetsDir } from "../../services/console/assets.ts";

/** Sizes of the shipped assets in bytes, raw and gzip, and the per-page total. */
export interface ConsoleAssetsFigures {
  assets: Record<string, { file: string; bytes: number; gzipBytes: number }>;
  perPageGzipBytes: number;
  perPageBytes: number;
  /** The aim for a page's JavaScript and CSS, gzip. */
  aimGzipBytes: number;
}

/** Reads the manifest (`./dev bench` builds the assets first). */
export async function consoleAssetsBench(dir = defaultAssetsDir): Promise<ConsoleAssetsFigures> {
  const manifest = JSON.parse(await Deno.readTextFile(`${dir}manifest.json`)) as {
    assets: Record<string, { file: string; bytes: number; gzipBytes: number }>;
  };
  const perPage = ["main.js", "styles.css"].map((name) => {
    const a = manifest.assets[name];
    if (!a) throw new Error(`${name} is not in ${dir}manifest.json`);
    return a;
  });
  return {
    assets: manifest.assets,
    perPageGzipBytes: perPage.reduce((n, a) => n + a.gzipBytes, 0),
    perPageBytes: perPage.reduce((n, a) => n + a.bytes, 0),
    aimGzipBytes: 150 * 1024,
  };
}

/** The report lines. */
export function consoleAssetsReport(f: ConsoleAssetsFigures): string[] {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  return [
    "Console browser assets (shipped to every page):",
    ...Object.entries(f.assets).map(([name, a]) =>
      `  ${name.padEnd(12)} ${a.file.padEnd(28)} ${kib(a.bytes).padStart(10)} raw ${
        kib(a.gzipBytes).padStart(10)
      } gzip`
    ),
    `  per page (main.js + styles.css): ${kib(f.perPageGzipBytes)} gzip, ${kib(f.perPageBytes)} raw ` +
    `(aim ≤ ${kib(f.aimGzipBytes)} gzip with Faro and tracing)`,
    "",
  ];
}

if (import.meta.main) console.log(consoleAssetsReport(await consoleAssetsBench()).join("\n"));
