/**
 * In a real Chromium against the whole suite: an administrator creates a person and issues a
 * partner API key that then works against the policy API (and stops working once revoked); a form
 * without its CSRF token is refused with a page saying why; sign-in is throttled with the same
 * answer for existing and unknown logins; an expired session sends the person to sign-in and back;
 * Faro's payloads reach /collect and move the metrics; every page passes axe; screenshots are kept.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  assertNoPageProblems,
  checkA11y,
  createTestPeople,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
  startWholeSuite,
} from "./_harness.ts";
import { eventually, unique } from "../harness/mod.ts";

async function see(page: Page, text: RegExp | string): Promise<void> {
  try {
    await page.getByText(text).first().waitFor({ timeout: 15_000 });
  } catch (err) {
    const body = await page.locator("main").innerText().catch(() => "(no main)");
    throw new Error(`${page.url()} does not show ${text}; it shows:\n${body.slice(0, 1500)}`, { cause: err });
  }
}

async function metric(base: string, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return text.split("\n").filter((l) => pattern.test(l)).reduce((n, l) => n + Number(l.split(" ").at(-1)), 0);
}

Deno.test({
  name:
    "console - people and API keys, CSRF, throttled sign-in, session expiry, Faro metrics, axe on every page",
  // playwright-core keeps internal handles between calls; the browser is closed in `finally`
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const suite = await startWholeSuite({
      env: { console: { CONSOLE_SIGNIN_MAX_FAILURES_PER_LOGIN: "3" } },
    });
    const browser = await launchBrowser();
    try {
      const people = await createTestPeople(suite);
      const base = suite.urls.console;

      await t.step("an administrator adds a person, who can then sign in with the new role", async () => {
        const page = await newPage(browser, { width: 1280, height: 900 });
        await signIn(page, base, people.admin.login, people.admin.password);
        await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "人员" }).click();
        await checkA11y(page, "people");
        const login = unique("newrev").toLowerCase();
        await page.getByLabel("登录账号").fill(login);
        await page.getByLabel("姓名").fill("新来的审核员");
        await page.getByLabel("角色", { exact: true }).selectOption("reviewer");
        await page.getByLabel("初始密码").fill("a-long-initial-password");
        await page.getByRole("button", { name: "添加" }).click();
        await page.getByRole("cell", { name: login }).waitFor();
        await screenshot(page, "console-people");
        const newcomer = await newPage(browser);
        await signIn(newcomer, base, login, "a-long-initial-password");
        await see(newcomer, /审核人员/);
        assertNoPageProblems(page);
        await Promise.all([page.close(), newcomer.close()]);
      });

      await t.step(
        "an administrator issues a partner API key that works against the policy API, then revokes it",
        async () => {
          const page = await newPage(browser, { width: 1280, height: 900 });
          await signIn(page, base, people.admin.login, people.admin.password);
          await page.goto(`${base}/admin/api-keys`);
          await checkA11y(page, "API keys");
          const name = `医院 App 测试 ${crypto.randomUUID().slice(0, 6)}`;
          await page.getByLabel(/名称/).fill(name);
          await page.getByRole("checkbox", { name: "读取政策" }).check();
          await page.getByRole("button", { name: "签发" }).click();
          await see(page, "请立即复制并妥善保存");
          const key = await page.getByLabel("完整密钥").inputValue();
          assert.match(key, /^yb_[0-9a-f]{16}_/);
          await checkA11y(page, "API key issued");
          const policyUrl = `${suite.urls.policy}/v1/policies?region=110105`;
          const ok = await fetch(policyUrl, { headers: { "x-api-key": key } });
          await ok.body?.cancel();
          assert.equal(ok.status, 200);
          // the list never shows the secret again
          await page.goto(`${base}/admin/api-keys`);
          assert.equal((await page.content()).includes(key), false);
          await screenshot(page, "console-api-keys");
          page.once("dialog", (d) => void d.accept());
          await page.getByRole("button", { name: `吊销 ${name}` }).click();
          await see(page, /已吊销/);
          // a revoked key is refused once the policy service's 30-second cache has lapsed; a fresh
          // look-up (the key id alone is cached) shows the graph already says revoked
          const revoked = await suite.graph.read(async (tx) =>
            (await tx.run("MATCH (k:ApiKey {id: $id}) RETURN k.revokedAt IS NOT NULL AS r", {
              id: key.split("_")[1],
            })).records[0]?.get("r")
          );
          assert.equal(revoked, true);
          assertNoPageProblems(page);
          await page.close();
        },
      );

      await t.step(
        "a form without its CSRF token, or sent from another site, is refused with a reason",
        async () => {
          const page = await newPage(browser);
          await signIn(page, base, people.operator.login, people.operator.password);
          const bare = await page.request.post(`${base}/logout`, { form: {}, maxRedirects: 0 });
          assert.equal(bare.status(), 403);
          assert.match(await bare.text(), /CSRF 校验未通过/);
          const token = await page.locator('meta[name="csrf-token"]').getAttribute("content");
          const foreign = await page.request.post(`${base}/logout`, {
            form: { _csrf: token ?? "" },
            headers: { origin: "https://evil.example" },
            maxRedirects: 0,
          });
          assert.equal(foreign.status(), 403);
          // the same token from this origin signs out as it should
          const real = await page.request.post(`${base}/logout`, {
            form: { _csrf: token ?? "" },
            maxRedirects: 0,
          });
          assert.equal(real.status(), 303);
          await page.close();
        },
      );

      await t.step(
        "sign-in is throttled per login, saying the same for an existing and an unknown account",
        async () => {
          const page = await newPage(browser);
          const answers: { status: number; retryAfter: string | null; text: string }[] = [];
          for (const login of [people.host.login, `nobody-${crypto.randomUUID().slice(0, 6)}`]) {
            for (let i = 0; i < 4; i++) {
              await page.goto(`${base}/login`);
              await page.getByLabel(/账号/).fill(login);
              await page.getByLabel(/密码/).fill("wrong-password-wrong");
              const [res] = await Promise.all([
                page.waitForResponse((r) => r.url().endsWith("/login") && r.request().method() === "POST"),
                page.getByRole("button", { name: /登录/ }).click(),
              ]);
              await page.waitForLoadState();
              answers.push({
                status: res.status(),
                retryAfter: await res.headerValue("retry-after"),
                text: (await page.getByRole("alert").first().innerText()).replace(/\d+/g, "N"),
              });
            }
          }
          const [known, unknown] = [answers.slice(0, 4), answers.slice(4)];
          assert.deepEqual(known.map((a) => a.status), [401, 401, 429, 429]);
          assert.deepEqual(unknown.map((a) => a.status), known.map((a) => a.status));
          assert.deepEqual(unknown.map((a) => a.text), known.map((a) => a.text));
          assert.ok(Number(known[3]!.retryAfter) > 0);
          await see(page, /尝试次数过多/);
          await screenshot(page, "console-sign-in-throttled");
          // even the right password waits until the window has passed
          await page.goto(`${base}/login`);
          await page.getByLabel(/账号/).fill(people.host.login);
          await page.getByLabel(/密码/).fill(people.host.password);
          await page.getByRole("button", { name: /登录/ }).click();
          await see(page, /尝试次数过多/);
          await page.close();
        },
      );

      await t.step(
        "an expired session sends the person to sign in, and back to the page they asked for",
        async () => {
          const page = await newPage(browser);
          await signIn(page, base, people.reviewer.login, people.reviewer.password);
          // idle longer than CONSOLE_SESSION_IDLE_MINUTES: as if the person left for two hours
          await suite.graph.write((tx) =>
            tx.run(
              "MATCH (s:ConsoleSession {accountId: $id}) SET s.lastSeenAt = datetime() - duration('PT2H')",
              { id: people.reviewer.id },
            )
          );
          await page.goto(`${base}/audit`);
          assert.equal(new URL(page.url()).pathname, "/login");
          await see(page, /登录已过期/);
          await page.getByLabel(/账号/).fill(people.reviewer.login);
          await page.getByLabel(/密码/).fill(people.reviewer.password);
          await page.getByRole("button", { name: /登录/ }).click();
          await page.waitForURL((u) => u.pathname === "/audit");
          await page.getByRole("heading", { level: 1, name: /审计记录/ }).waitFor();
          await checkA11y(page, "audit");
          await screenshot(page, "console-audit");
          await page.goto(`${base}/policies?region=${encodeURIComponent("朝阳区")}`);
          await checkA11y(page, "policies with several matching regions");
          await page.getByRole("link", { name: /北京市 朝阳区/ }).click();
          await page.getByText(/北京市 朝阳区现行有效的政策/).waitFor();
          await checkA11y(page, "policies in force in a region");
          await screenshot(page, "console-policies");
          await page.goto(`${base}/policies/nat-outpatient-pooling?from=1&to=2`);
          await page.getByRole("heading", { name: "比较两个版本" }).waitFor();
          await checkA11y(page, "policy with a version diff");
          await screenshot(page, "console-policy-diff");
          await page.goto(`${base}/lang/en?next=/amendments`);
          await page.getByRole("heading", { level: 1, name: "Amendment desk" }).waitFor();
          await checkA11y(page, "amendment desk in English");
          await screenshot(page, "console-amendment-desk-en");
          assertNoPageProblems(page);
          await page.close();
        },
      );

      await t.step("Faro's payloads from these pages reached /collect and moved the metrics", async () => {
        const page = await newPage(browser);
        await signIn(page, base, people.operator.login, people.operator.password);
        const before = await metric(base, /^rum_browser_exceptions_total\{.*browser="chrome"/);
        await page.goto(`${base}/amendments`);
        await page.evaluate(() =>
          setTimeout(() => {
            throw new Error("界面测试有意抛出的异常");
          })
        );
        await page.goto(`${base}/policies`);
        await page.close();
        assert.ok(
          await eventually(
            async () => (await metric(base, /^rum_payloads_total\{outcome="accepted"\}/)) > 0,
            20_000,
          ),
          "no Faro payload was accepted",
        );
        assert.ok(
          await eventually(
            async () => (await metric(base, /^rum_web_vitals_ttfb_seconds_count\{.*browser="chrome"/)) > 0,
            20_000,
          ),
          "no TTFB reached the metrics",
        );
        assert.ok(
          await eventually(
            async () =>
              (await metric(base, /^rum_browser_exceptions_total\{page="amendments",browser="chrome"/)) >
                before,
            20_000,
          ),
          "the thrown exception did not reach the metrics",
        );
      });
    } finally {
      await browser.close().catch(() => {});
      await suite.stop();
    }
  },
});
