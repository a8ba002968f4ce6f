/**
 * @module
 * The browser-test harness for the console: the whole suite in-process, Debian's Chromium through
 * playwright-core, accessibility checks with axe-core, screenshots kept as test artefacts, and
 * test people who sign in through the login form. See tests/browser/README.md.
 *
 * ```ts
 * const suite = await startWholeSuite();
 * const browser = await launchBrowser();
 * try {
 *   const page = await newPage(browser, { width: 1280 });
 *   await page.goto(suite.urls.console);
 *   await page.getByRole("heading", { name: /服务状态/ }).waitFor();
 *   await checkA11y(page, "status page");
 *   await screenshot(page, "status-1280");
 *   assertNoPageProblems(page);
 * } finally {
 *   await browser.close();
 *   await suite.stop();
 * }
 * ```
 *
 * Tests that start the suite and a browser turn off Deno's op and resource sanitizers: each service's
 * shutdown races `server.shutdown()` against a `SHUTDOWN_GRACE_MS` timer (packages/kit/service.ts)
 * that is never cleared, and once a browser has held connections to the services Deno reports those
 * timers as leaked (playwright-core itself showed no leak). What matters, that no Chromium outlives
 * its test, is checked with {@linkcode browserProcesses} instead.
 */
export {
  type ServiceName,
  startWholeSuite,
  type WholeSuite,
  type WholeSuiteOptions,
} from "./_whole_suite.ts";
export {
  assertNoPageProblems,
  browserProcesses,
  chromiumPath,
  type CjkRendering,
  cjkRendering,
  launchBrowser,
  newPage,
  type PageProblems,
  pageProblems,
  screenshot,
  screenshotDir,
} from "./_browser.ts";
export { type A11yViolation, checkA11y, wcagTags } from "./_a11y.ts";
export { createTestPeople, type Role, signIn, type TestPeople, type TestPerson } from "./_people.ts";
