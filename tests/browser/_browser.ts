/**
 * Debian's Chromium driven by playwright-core: launching it, isolated pages that record what went
 * wrong in them, full-page screenshots kept as test artefacts, and a check that Chinese really renders.
 */
import { type Browser, chromium, type Page } from "playwright-core";
import { runDir } from "../../deploy/local/dev/paths.ts";

/** Where Chromium is: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(): string {
  return Deno.env.get("CHROMIUM_PATH") || "/usr/bin/chromium";
}

/** What each launched browser's processes have on their command line (a marker, its profile folder). */
const signatures = new WeakMap<Browser, string[]>();

async function processesWith(needles: string[]): Promise<{ pid: number; cmdline: string }[]> {
  const found: { pid: number; cmdline: string }[] = [];
  for await (const e of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    const cmdline = (await Deno.readTextFile(`/proc/${e.name}/cmdline`).catch(() => "")).replaceAll(
      "\0",
      " ",
    );
    if (needles.some((n) => cmdline.includes(n))) found.push({ pid: Number(e.name), cmdline });
  }
  return found;
}

/**
 * Launches Chromium, headless unless `HEADFUL=1` (then it needs a display). Throws when Chromium is
 * missing, never skips: `./dev test` installs Debian's `chromium`. `env` adds variables to Chromium's
 * environment (e.g. `FONTCONFIG_FILE`). Close it in a `finally`.
 */
export async function launchBrowser(options: { env?: Record<string, string> } = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  try {
    await Deno.stat(executablePath);
  } catch {
    throw new Error(
      `Chromium was not found at "${executablePath}": run the tests with ./dev test, which installs ` +
        "Debian's chromium and fonts-noto-cjk, or set CHROMIUM_PATH",
    );
  }
  const marker = `--yibao-test-browser=${crypto.randomUUID()}`;
  const browser = await chromium.launch({
    executablePath,
    headless: Deno.env.get("HEADFUL") !== "1",
    args: [
      // Chromium's sandbox refuses to run as root (CI and these machines run tests as root)
      ...(Deno.uid() === 0 ? ["--no-sandbox"] : []),
      // containers often have a small /dev/shm, which crashes tabs
      "--disable-dev-shm-usage",
      marker,
    ],
    ...(options.env ? { env: { ...Deno.env.toObject(), ...options.env } } : {}),
  });
  // the browser process carries the marker; its zygotes, GPU and utility processes its profile folder
  const [main] = await processesWith([marker]);
  const profile = main && /--user-data-dir=(\S+)/.exec(main.cmdline)?.[1];
  signatures.set(browser, profile ? [marker, `--user-data-dir=${profile}`] : [marker]);
  return browser;
}

/** Process ids of a launched browser and its helpers still running (none once `browser.close()` resolved). */
export async function browserProcesses(browser: Browser): Promise<number[]> {
  const signature = signatures.get(browser);
  if (!signature) throw new Error("This browser was not started by launchBrowser()");
  return (await processesWith(signature)).map((p) => p.pid);
}

/** What went wrong in a page: console errors, uncaught exceptions, failed requests, HTTP errors. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  errorResponses: { status: number; url: string }[];
}

const problemsOf = new WeakMap<Page, PageProblems>();

/**
 * Opens a page in a context of its own (own cookies and storage: two people can be signed in at
 * once), 1280×800 in zh-CN and Shanghai time unless told otherwise. Closing the page closes its
 * context. Problems are recorded from the start: see {@linkcode pageProblems}.
 */
export async function newPage(
  browser: Browser,
  options: { width?: number; height?: number; locale?: string } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: options.locale ?? "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  const page = await context.newPage();
  page.on("close", () => void context.close().catch(() => {}));
  const problems: PageProblems = {
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    errorResponses: [],
  };
  problemsOf.set(page, problems);
  page.on("console", (msg) => {
    if (msg.type() === "error") {
      const at = msg.location().url;
      // Chromium asks for /favicon.ico by itself when a page names no icon; not the page's request
      if (new URL(at || "about:blank").pathname === "/favicon.ico") return;
      problems.consoleErrors.push(at ? `${msg.text()} (${at})` : msg.text());
    }
  });
  page.on("pageerror", (err) => problems.pageErrors.push(err.stack ?? err.message));
  page.on("requestfailed", (req) => {
    const reason = req.failure()?.errorText ?? "failed";
    // a navigation or a closed page cancels what was in flight (live updates, polling): not a fault
    if (reason === "net::ERR_ABORTED") return;
    problems.failedRequests.push(`${req.method()} ${req.url()}: ${reason}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.errorResponses.push({ status: res.status(), url: res.url() });
  });
  return page;
}

/** The problems recorded in a page opened with {@linkcode newPage}. */
export function pageProblems(page: Page): PageProblems {
  const p = problemsOf.get(page);
  if (!p) throw new Error("This page was not opened with newPage()");
  return p;
}

/**
 * Throws, listing them, when the page had console errors, uncaught exceptions, failed requests or
 * HTTP error answers (except the statuses in `allowStatuses`, e.g. a form's expected 422). Not
 * counted: requests cancelled by a navigation (`net::ERR_ABORTED`) and the 404 of the `/favicon.ico`
 * that Chromium asks for by itself.
 */
export function assertNoPageProblems(page: Page, options: { allowStatuses?: number[] } = {}): void {
  const p = pageProblems(page);
  const responses = p.errorResponses.filter((r) => !options.allowStatuses?.includes(r.status));
  const allowedConsole = (line: string) =>
    // Chromium logs each HTTP error answer as a console error too; those are judged as responses
    /^Failed to load resource: the server responded with a status of (\d+)/.test(line) &&
    options.allowStatuses?.includes(Number(/status of (\d+)/.exec(line)![1]));
  const lines = [
    ...p.consoleErrors.filter((l) => !allowedConsole(l)).map((l) => `console error: ${l}`),
    ...p.pageErrors.map((l) => `uncaught: ${l}`),
    ...p.failedRequests.map((l) => `request failed: ${l}`),
    ...responses.map((r) => `HTTP ${r.status}: ${r.url}`),
  ];
  if (lines.length) throw new Error(`The page ${page.url()} had problems:\n  ${lines.join("\n  ")}`);
}

/** Where screenshots go: `.run/test-artifacts/screenshots/` (git-ignored). */
export const screenshotDir = `${runDir}/test-artifacts/screenshots`;

/** Saves a full-page PNG as `.run/test-artifacts/screenshots/<name>.png`, prints and returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`Screenshot name "${name}" must be letters, digits, . _ -`);
  await Deno.mkdir(screenshotDir, { recursive: true });
  const path = `${screenshotDir}/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  console.log(`[browser] screenshot ${path}`);
  return path;
}

/** How two Chinese characters and a code point no font has rendered, in a page's own font. */
export interface CjkRendering {
  /** The font stack used (the computed `font-family` of `selector`). */
  fontFamily: string;
  /** "医" left ink on the canvas. */
  ink: boolean;
  /** "医" and "保" rendered differently (with no CJK font both are the same empty box). */
  distinct: boolean;
  /** Neither looks like U+10FFFD, which no font has (the missing-glyph box). */
  notTofu: boolean;
}

/**
 * Draws "医", "保" and U+10FFFD on a canvas in the font of `selector` (default `h1`) and compares
 * the pixels. `document.fonts.check()` is no help here: it answers true for fonts it does not know.
 */
export async function cjkRendering(page: Page, selector = "h1"): Promise<CjkRendering> {
  return await page.evaluate((selector) => {
    // runs in the page; typed just as far as used (the project's type-check has no DOM library)
    const w = globalThis as unknown as {
      document: {
        querySelector(selector: string): unknown;
        createElement(tag: "canvas"): {
          width: number;
          height: number;
          getContext(kind: "2d"): {
            font: string;
            textBaseline: string;
            fillStyle: string;
            fillText(text: string, x: number, y: number): void;
            getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
          };
        };
      };
      getComputedStyle(element: unknown): { fontFamily: string };
    };
    const element = w.document.querySelector(selector);
    if (!element) throw new Error(`No element matches "${selector}"`);
    const family = w.getComputedStyle(element).fontFamily;
    const draw = (text: string) => {
      const canvas = w.document.createElement("canvas");
      canvas.width = 48;
      canvas.height = 48;
      const g = canvas.getContext("2d");
      g.font = `32px ${family}`;
      g.textBaseline = "top";
      g.fillStyle = "#000";
      g.fillText(text, 8, 8);
      const alpha = g.getImageData(0, 0, 48, 48).data.filter((_, i) => i % 4 === 3);
      return Array.from(alpha).join(",");
    };
    const yi = draw("医"), bao = draw("保"), none = draw("\u{10FFFD}");
    return {
      fontFamily: family,
      ink: /[1-9]/.test(yi),
      distinct: yi !== bao,
      notTofu: yi !== none && bao !== none,
    };
  }, selector);
}
