/**
 * @module
 * The console's built browser assets (see `build_assets.ts`), served by their content-hashed names.
 *
 * 1. {@linkcode loadAssets} reads `manifest.json` and every file it names (and their `.gz` copies) into
 *    memory once, at start-up; a missing manifest stops the start with the command that builds it.
 * 2. {@linkcode assetUrl} gives the layout the URL of a logical asset: `assetUrl("main.js")` →
 *    `/assets/main.3f9a0c1d2e4b.js`.
 * 3. {@linkcode registerAssetRoutes} serves `GET /assets/:file` with its content type and
 *    `Cache-Control: public, max-age=31536000, immutable` (a changed file gets a new name), gzip when
 *    the client accepts it, and a 404 problem for any other name. Nothing is served from a CDN.
 */
import { notFound, type ServiceApp } from "@yibao/kit";

/** The built assets' folder when `CONSOLE_ASSETS_DIR` is not set. */
export const defaultAssetsDir: string = new URL("./client/dist/", import.meta.url).pathname;

/** The command that builds the assets, for error messages. */
export const buildCommand =
  "deno run -A services/console/build_assets.ts (./dev start, test and bench run it)";

/** The cache policy of every hashed asset. */
export const immutableCacheControl = "public, max-age=31536000, immutable";

interface ManifestEntry {
  file: string;
  type: string;
  bytes: number;
  gzipBytes: number;
}

/** One asset held in memory. */
export interface LoadedAsset {
  logical: string;
  file: string;
  type: string;
  body: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer> | undefined;
  etag: string;
}

/** The assets of one manifest, by logical name and by file name. */
export interface LoadedAssets {
  dir: string;
  byLogical: Map<string, LoadedAsset>;
  byFile: Map<string, LoadedAsset>;
}

/** Thrown when the assets are not built or the manifest names a missing file. */
export class AssetsNotBuiltError extends Error {
  override name = "AssetsNotBuiltError";
}

let current: LoadedAssets | undefined;

/** Loads the manifest in `dir` (default the client's dist folder) and its files; later calls replace it. */
export async function loadAssets(dir: string = defaultAssetsDir): Promise<LoadedAssets> {
  const base = dir.endsWith("/") ? dir : `${dir}/`;
  let manifest: { assets?: Record<string, ManifestEntry> };
  try {
    manifest = JSON.parse(await Deno.readTextFile(`${base}manifest.json`));
  } catch (err) {
    const why = err instanceof Deno.errors.NotFound
      ? "is missing"
      : `cannot be read (${err instanceof Error ? err.message : String(err)})`;
    throw new AssetsNotBuiltError(
      `The console's browser assets are not built: ${base}manifest.json ${why}. Build them with ${buildCommand}, ` +
        `or set CONSOLE_ASSETS_DIR to a folder holding them.`,
    );
  }
  const byLogical = new Map<string, LoadedAsset>();
  const byFile = new Map<string, LoadedAsset>();
  for (const [logical, entry] of Object.entries(manifest.assets ?? {})) {
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = await Deno.readFile(`${base}${entry.file}`);
    } catch {
      throw new AssetsNotBuiltError(
        `The console's asset manifest names ${entry.file}, which is not in ${base}; rebuild with ${buildCommand}`,
      );
    }
    const gzip = await Deno.readFile(`${base}${entry.file}.gz`).catch(() => undefined);
    const asset = { logical, file: entry.file, type: entry.type, body, gzip, etag: `"${entry.file}"` };
    byLogical.set(logical, asset);
    byFile.set(entry.file, asset);
  }
  current = { dir: base, byLogical, byFile };
  return current;
}

/** The URL of a built asset by its logical name (`main.js`, `styles.css`); throws for an unknown one. */
export function assetUrl(logical: string): string {
  if (!current) throw new AssetsNotBuiltError(`assetUrl("${logical}") before loadAssets()`);
  const asset = current.byLogical.get(logical);
  if (!asset) {
    throw new AssetsNotBuiltError(
      `No asset named "${logical}" in ${current.dir}manifest.json (has ${
        [...current.byLogical.keys()].join(", ")
      })`,
    );
  }
  return `/assets/${asset.file}`;
}

/** Serves `GET /assets/:file` from `assets` (default: the last loaded). */
export function registerAssetRoutes(app: ServiceApp, assets?: LoadedAssets): void {
  app.get("/assets/:file", (c) => {
    const loaded = assets ?? current;
    const file = c.req.param("file");
    const asset = loaded?.byFile.get(file);
    if (!asset) throw notFound({ zh: "静态资源", en: "Asset" }, file);
    const headers: Record<string, string> = {
      "content-type": asset.type,
      "cache-control": immutableCacheControl,
      etag: asset.etag,
      vary: "Accept-Encoding",
      "x-content-type-options": "nosniff",
    };
    if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304, headers);
    if (asset.gzip && acceptsGzip(c.req.header("accept-encoding"))) {
      return c.body(asset.gzip, 200, { ...headers, "content-encoding": "gzip" });
    }
    return c.body(asset.body, 200, headers);
  });
}

/** Whether an `Accept-Encoding` value allows gzip (`gzip` or `*` with a non-zero q). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.toLowerCase().split(",")) {
    const [coding, ...params] = part.trim().split(";");
    if (coding !== "gzip" && coding !== "x-gzip" && coding !== "*") continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    if (!q || Number(q.slice(2)) > 0) return true;
  }
  return false;
}
