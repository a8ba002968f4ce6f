/**
 * @module
 * Builds the console's browser assets: `deno run -A services/console/build_assets.ts [--force]`
 * (`./dev start`, `./dev test` and `./dev bench` run it through their `ensure_console_assets` step).
 *
 * 1. `client/node_modules` is installed with `npm ci` from the committed `client/package-lock.json`
 *    when it is missing or was installed from another lock (a stamp in `node_modules/.installed-from`).
 *    Deno cannot bundle Faro's packages itself; npm's `esbuild` over npm's node_modules can.
 * 2. The entry points (`client/main.ts`, and `client/audience/main.ts` for the audience page) and the
 *    stylesheets (`client/styles.css`, `client/audience/styles.css`) are bundled, minified, for browsers
 *    (ES2020), and written to `client/dist/` as `<name>.<hash>.<ext>` with the content's SHA-256 in the
 *    name, each beside a gzip copy (`.gz`), with `manifest.json` mapping each logical name
 *    (`main.js`) to its file, size and gzip size.
 * 3. Nothing is rebuilt when the sources, the lock and this file are unchanged since the last build
 *    (a stamp in `dist/.built-from`, like the Neo4j launcher's in `./dev`).
 */
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";

/** The client's folder: TypeScript, styles, package.json and its lock. */
export const clientDir: string = new URL("./client/", import.meta.url).pathname;
/** Where the built assets and their manifest go (git-ignored). */
export const defaultDistDir: string = `${clientDir}dist/`;

/** The entry points and stylesheets, by the logical name they get in the manifest (without extension). */
const entryPoints: Record<string, string> = {
  main: `${clientDir}main.ts`,
  styles: `${clientDir}styles.css`,
  // the public audience page ships only its own small bundle (Faro without tracing) and stylesheet
  audience: `${clientDir}audience/main.ts`,
  "audience-styles": `${clientDir}audience/styles.css`,
};

/** One built file as the manifest describes it. */
export interface AssetEntry {
  /** The hashed file name in the dist folder, e.g. `main.3f9a0c1d2e4b.js`. */
  file: string;
  /** Its content type. */
  type: string;
  bytes: number;
  gzipBytes: number;
}

/** `dist/manifest.json`: logical name (`main.js`, `styles.css`) → built file. */
export interface AssetManifest {
  builtAt: string;
  /** The source stamp the files were built from. */
  source: string;
  assets: Record<string, AssetEntry>;
}

const contentTypes: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  map: "application/json; charset=utf-8",
};

/** Errors of the build that a person must act on (npm missing, npm ci failed, a bundling error). */
export class AssetBuildError extends Error {
  override name = "AssetBuildError";
}

/** Builds the assets when the sources changed (or always with `force`); returns the manifest. */
export async function ensureConsoleAssets(
  options: { force?: boolean; log?: (msg: string) => void } = {},
): Promise<{ built: boolean; manifest: AssetManifest }> {
  const log = options.log ?? ((msg: string) => console.error(`[assets] ${msg}`));
  await ensureNodeModules(log);
  const stamp = await sourceStamp();
  const stampFile = `${defaultDistDir}.built-from`;
  if (!options.force && (await readText(stampFile))?.trim() === stamp) {
    const manifest = await readText(`${defaultDistDir}manifest.json`);
    if (manifest) return { built: false, manifest: JSON.parse(manifest) as AssetManifest };
  }
  const manifest = await bundle(stamp);
  await Deno.writeTextFile(stampFile, stamp + "\n");
  const total = Object.values(manifest.assets).reduce((n, a) => n + a.gzipBytes, 0);
  log(
    `built ${Object.keys(manifest.assets).join(", ")} into services/console/client/dist/ ` +
      `(${(total / 1024).toFixed(1)} KiB gzip in all)`,
  );
  return { built: true, manifest };
}

async function ensureNodeModules(log: (msg: string) => void): Promise<void> {
  const lock = await readText(`${clientDir}package-lock.json`);
  if (lock === undefined) throw new AssetBuildError(`${clientDir}package-lock.json is missing`);
  const want = await sha256Hex(new TextEncoder().encode(lock));
  const stampFile = `${clientDir}node_modules/.installed-from`;
  if ((await readText(stampFile))?.trim() === want) return;
  log("installing the client's npm packages (npm ci in services/console/client)");
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("npm", {
      args: ["ci", "--no-audit", "--no-fund", "--loglevel=error"],
      cwd: clientDir,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new AssetBuildError(
        "npm is needed to build the console's browser assets (services/console/client); install Node.js and npm",
      );
    }
    throw err;
  }
  if (!out.success) {
    const text = new TextDecoder().decode(out.stderr).trim().split("\n").slice(-15).join("\n");
    throw new AssetBuildError(`npm ci in services/console/client failed:\n${text}`);
  }
  await Deno.writeTextFile(stampFile, want + "\n");
}

/** A hash over everything the bundle depends on: client sources, package files, this builder. */
async function sourceStamp(): Promise<string> {
  const files = [new URL(import.meta.url).pathname];
  for await (const f of walk(clientDir)) files.push(f);
  files.sort();
  const parts: Uint8Array[] = [];
  for (const f of files) {
    parts.push(new TextEncoder().encode(`${f.slice(clientDir.length)}\0`), await Deno.readFile(f));
  }
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return (await sha256Hex(all)).slice(0, 32);
}

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    if (e.name === "node_modules" || e.name === "dist" || e.name.startsWith(".")) continue;
    const path = `${dir}${e.name}`;
    if (e.isDirectory) yield* walk(`${path}/`);
    else if (e.isFile) yield path;
  }
}

interface EsbuildOutput {
  path: string;
  contents: Uint8Array;
}
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: EsbuildOutput[] }>;
  stop(): void;
}

async function bundle(stamp: string): Promise<AssetManifest> {
  // npm's esbuild, from the client's own node_modules (its native binary came with it)
  const esbuild = createRequire(clientDir)("esbuild") as Esbuild;
  let result: { outputFiles: EsbuildOutput[] };
  try {
    result = await esbuild.build({
      entryPoints,
      bundle: true,
      minify: true,
      format: "esm",
      target: "es2020",
      platform: "browser",
      legalComments: "none",
      write: false,
      outdir: defaultDistDir,
      logLevel: "silent",
    });
  } catch (err) {
    throw new AssetBuildError(`bundling the console's client failed: ${(err as Error).message}`);
  } finally {
    esbuild.stop();
  }
  await Deno.remove(defaultDistDir, { recursive: true }).catch(() => {});
  await Deno.mkdir(defaultDistDir, { recursive: true });
  const assets: Record<string, AssetEntry> = {};
  for (const out of result.outputFiles) {
    const logical = out.path.slice(out.path.lastIndexOf("/") + 1);
    const dot = logical.lastIndexOf(".");
    const [base, ext] = [logical.slice(0, dot), logical.slice(dot + 1)];
    const hash = (await sha256Hex(out.contents)).slice(0, 12);
    const file = `${base}.${hash}.${ext}`;
    const gz = gzipSync(out.contents, { level: 9 });
    await Deno.writeFile(`${defaultDistDir}${file}`, out.contents);
    await Deno.writeFile(`${defaultDistDir}${file}.gz`, gz);
    assets[logical] = {
      file,
      type: contentTypes[ext] ?? "application/octet-stream",
      bytes: out.contents.length,
      gzipBytes: gz.length,
    };
  }
  const manifest: AssetManifest = { builtAt: new Date().toISOString(), source: stamp, assets };
  await Deno.writeTextFile(`${defaultDistDir}manifest.json`, JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}

async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
}

if (import.meta.main) {
  try {
    await ensureConsoleAssets({ force: Deno.args.includes("--force") });
  } catch (err) {
    console.error(`[assets] error: ${err instanceof Error ? err.message : String(err)}`);
    Deno.exit(1);
  }
}
