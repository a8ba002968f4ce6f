import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import {
  assertNoPageProblems,
  browserProcesses,
  checkA11y,
  cjkRendering,
  createTestPeople,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
  startWholeSuite,
} from "./_harness.ts";

/** The five services the status page lists. */
const backEnds = ["policy", "policy-admin", "eligibility", "sessions", "notifications"];

Deno.test({
  name: "console smoke - the whole suite starts and Chromium shows the status page, accessible, in Chinese",
  // Off: what matters here, that no Chromium outlives the test, is asserted explicitly at the end.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const suite = await startWholeSuite();
    console.log(`[browser] suite started in ${Math.round(suite.startMs)} ms`);
    const browsers: Browser[] = [];
    try {
      const launched = performance.now();
      const browser = await launchBrowser();
      browsers.push(browser);
      console.log(
        `[browser] Chromium ${browser.version()} launched in ${Math.round(performance.now() - launched)} ms`,
      );

      await t.step(
        "the status page lists every service by name, passes axe and renders Chinese",
        async () => {
          const page = await newPage(browser, { width: 1280, height: 800 });
          const loading = performance.now();
          await page.goto(`${suite.urls.console}/status`);
          await page.getByRole("heading", { level: 1, name: "服务状态" }).waitFor();
          for (const name of backEnds) {
            await page.getByRole("rowheader", { name, exact: true }).waitFor({ timeout: 10_000 });
          }
          await page.getByText(/全部服务运行正常/).waitFor({ timeout: 10_000 });
          console.log(
            `[browser] status page loaded with every service in ${
              Math.round(performance.now() - loading)
            } ms`,
          );

          await checkA11y(page, "console status page");
          const cjk = await cjkRendering(page);
          assert.ok(
            cjk.ink && cjk.distinct && cjk.notTofu,
            `Chinese does not render: ${JSON.stringify(cjk)}`,
          );

          await screenshot(page, "console-status-1280");
          await page.setViewportSize({ width: 768, height: 1024 });
          await screenshot(page, "console-status-768");
          assertNoPageProblems(page);
          await page.close();
        },
      );

      await t.step("the CJK check tells a tofu rendering apart (Chromium without CJK fonts)", async () => {
        // the same Chromium with a font configuration that only has DejaVu: Chinese becomes boxes
        const dir = await Deno.makeTempDir({ prefix: "yibao-fonts-" });
        try {
          await Deno.writeTextFile(
            `${dir}/fonts.conf`,
            `<?xml version="1.0"?>\n<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>` +
              `<cachedir>${dir}/cache</cachedir></fontconfig>\n`,
          );
          const noCjk = await launchBrowser({ env: { FONTCONFIG_FILE: `${dir}/fonts.conf` } });
          browsers.push(noCjk);
          const page = await newPage(noCjk);
          await page.setContent(`<html lang="zh-CN"><h1>医保政策通</h1></html>`);
          const cjk = await cjkRendering(page);
          assert.equal(cjk.distinct && cjk.notTofu, false, JSON.stringify(cjk));
          await noCjk.close();
        } finally {
          await Deno.remove(dir, { recursive: true });
        }
      });

      await t.step({
        name: "two people sign in at once, each in a context of their own",
        async fn() {
          const people = await createTestPeople(suite);
          const operatorPage = await newPage(browser);
          const reviewerPage = await newPage(browser);
          await Promise.all([
            signIn(operatorPage, suite.urls.console, people.operator.login, people.operator.password),
            signIn(reviewerPage, suite.urls.console, people.reviewer.login, people.reviewer.password),
          ]);
          assert.notEqual(new URL(operatorPage.url()).pathname, "/login");
          assert.notEqual(new URL(reviewerPage.url()).pathname, "/login");
          await checkA11y(operatorPage, "the operator's first page after sign-in");
          await screenshot(operatorPage, "console-signed-in-operator");
          assertNoPageProblems(operatorPage);
          assertNoPageProblems(reviewerPage);
          await Promise.all([operatorPage.close(), reviewerPage.close()]);
        },
      });
    } finally {
      for (const b of browsers) await b.close().catch(() => {});
      const stopping = performance.now();
      await suite.stop();
      console.log(`[browser] suite stopped in ${Math.round(performance.now() - stopping)} ms`);
    }
    for (const b of browsers) {
      assert.deepEqual(await browserProcesses(b), [], "no Chromium process outlives the test");
    }
  },
});
