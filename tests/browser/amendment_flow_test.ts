/**
 * The operators' and reviewers' job in a real Chromium against the whole suite: an operator drafts
 * a benefit-rule change and signs out; a reviewer sees the diff and the impact preview and returns it
 * with a reason; the operator sees why, edits (a stale edit keeps what was typed and shows what
 * changed underneath), resubmits; the reviewer approves and publishes, and the propagation page
 * fills in live. The author is never offered approval. Every page passes axe; screenshots are kept.
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
import { daysFromToday, fixtureRegion, followBySms, publishFixturePolicy } from "./_policy_fixture.ts";

async function notice(page: Page, text: RegExp | string): Promise<void> {
  await page.getByText(text).first().waitFor({ timeout: 15_000 });
}

Deno.test({
  name:
    "amendment desk - draft, review with diff and impact preview, return, stale edit, approve, publish, live propagation",
  // playwright-core keeps a few internal handles between calls; no Chromium outliving the test is
  // asserted by the harness's browser close in `finally`.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const suite = await startWholeSuite();
    const browser = await launchBrowser();
    try {
      const people = await createTestPeople(suite);
      const policy = await publishFixturePolicy(suite.urls["policy-admin"]);
      await followBySms(suite.urls.notifications, policy.id);
      const base = suite.urls.console;
      const effective = daysFromToday(30);
      let amendmentUrl = "";

      await t.step(
        "an operator finds the policy by its region and drafts a benefit-rule change",
        async () => {
          const page = await newPage(browser, { width: 1280, height: 900 });
          await page.goto(`${base}/login`);
          await checkA11y(page, "sign-in");
          await screenshot(page, "console-sign-in");
          await signIn(page, base, people.operator.login, people.operator.password);
          await checkA11y(page, "the operator's start page");
          await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "政策" }).click();
          await page.getByLabel("地区（名称或代码）").fill(fixtureRegion);
          await page.getByRole("button", { name: "查找" }).click();
          await page.getByRole("link", { name: policy.title }).click();
          await page.getByRole("heading", { level: 1, name: policy.title }).waitFor();
          await checkA11y(page, "policy page");
          await screenshot(page, "console-policy");
          await page.getByRole("link", { name: "起草修订" }).click();
          await page.getByLabel(/修订说明/).fill("起付线由 1,000 元调整为 1,200 元。");
          await page.getByLabel("生效日期").fill(effective);
          const deductible = page.getByLabel("起付线 · 金额（元）");
          assert.equal(await deductible.inputValue(), "1000");
          await deductible.fill("1200");
          await checkA11y(page, "amendment editor");
          await screenshot(page, "console-amendment-editor");
          await page.getByRole("button", { name: "保存草稿" }).click();
          await notice(page, "草稿已保存。");
          amendmentUrl = new URL(page.url()).pathname;
          assert.match(amendmentUrl, /^\/amendments\/amd-/);
          await page.getByRole("button", { name: "提交审核" }).click();
          await notice(page, "已提交审核。");
          // the author is never offered approval, and is told why
          assert.equal(await page.getByRole("button", { name: "批准" }).count(), 0);
          await notice(page, /您不能审核自己起草的修订/);
          await page.getByRole("button", { name: "退出登录" }).click();
          await notice(page, "您已退出登录。");
          assertNoPageProblems(page);
          await page.close();
        },
      );

      await t.step(
        "a reviewer sees the diff and the impact preview, and returns it with a reason",
        async () => {
          const page = await newPage(browser, { width: 1280, height: 900 });
          await signIn(page, base, people.reviewer.login, people.reviewer.password);
          const waiting = page.getByRole("region", { name: "等待我审核" });
          await waiting.getByRole("link", { name: policy.title }).click();
          const params = page.getByRole("table", { name: "规则参数的改动" });
          const row = params.getByRole("row", { name: /起付线 · 金额/ });
          assert.match(await row.innerText(), /1,000 元[\s\S]*1,200 元/);
          await page.getByRole("heading", { name: "影响测算" }).waitFor();
          // 80% above the deductible: 200 yuan more deductible is 160 yuan less from the fund
          await page.getByRole("cell", { name: "−160 元" }).first().waitFor();
          await checkA11y(page, "amendment review");
          await screenshot(page, "console-amendment-review");
          // usable at 768 px: nothing wider than the window, the actions still reachable
          await page.setViewportSize({ width: 768, height: 1024 });
          // evaluated in the page (DOM types are not in the test's own type-check)
          const overflow = await page.evaluate<number>(
            "document.documentElement.scrollWidth - window.innerWidth",
          );
          assert.ok(overflow <= 0, `the review page is ${overflow} px wider than a 768 px window`);
          await page.getByRole("button", { name: "批准" }).waitFor();
          await screenshot(page, "console-amendment-review-768");
          await page.setViewportSize({ width: 1280, height: 900 });
          // the reason is required: the browser will not send the form without it
          await page.getByRole("button", { name: "退回修改" }).click();
          assert.equal(
            await page.getByLabel(/退回原因/).evaluate((el) =>
              (el as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing
            ),
            true,
          );
          await page.getByLabel(/退回原因/).fill("请注明起付线调整依据的文件和文号。");
          await page.getByRole("button", { name: "退回修改" }).click();
          await notice(page, "已退回起草人修改。");
          await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "审核台" })
            .click();
          await page.getByRole("link", { name: /已退回/ }).click();
          await page.getByRole("link", { name: policy.title }).waitFor();
          await checkA11y(page, "amendment desk");
          await screenshot(page, "console-amendment-desk");
          assertNoPageProblems(page);
          await page.close();
        },
      );

      await t.step(
        "the operator reads why, and a stale edit keeps what was typed and shows what changed",
        async () => {
          const mine = await newPage(browser, { width: 1280, height: 900 });
          await signIn(mine, base, people.operator.login, people.operator.password);
          const drafts = mine.getByRole("region", { name: "我起草的修订" });
          await drafts.getByText(/请注明起付线调整依据的文件和文号/).waitFor();
          await drafts.getByRole("link", { name: policy.title }).click();
          await notice(mine, "审核人退回了这份修订");
          await mine.getByRole("link", { name: "编辑草稿" }).click();

          // a colleague saves the same draft while this editor is open
          const colleague = await newPage(browser, { width: 1280, height: 900 });
          await signIn(colleague, base, people.operator2.login, people.operator2.password);
          await colleague.goto(`${base}${amendmentUrl}/edit`);
          await colleague.getByLabel(/修订说明/).fill(
            "起付线由 1,000 元调整为 1,200 元（依据：玉医保〔2026〕示例号）。",
          );
          await colleague.getByRole("button", { name: "保存修改" }).click();
          await notice(colleague, "修改已保存。");

          await mine.getByLabel("起付线 · 金额（元）").fill("1300");
          await mine.getByRole("button", { name: "保存修改" }).click();
          await notice(mine, "草稿在您编辑期间被修改了");
          assert.equal(await mine.getByLabel("起付线 · 金额（元）").inputValue(), "1300");
          assert.equal(await mine.getByLabel(/修订说明/).inputValue(), "起付线由 1,000 元调整为 1,200 元。");
          await checkA11y(mine, "amendment editor with a conflict");
          await screenshot(mine, "console-amendment-conflict");
          // saving again keeps this person's version, knowingly
          await mine.getByLabel(/修订说明/).fill(
            "起付线由 1,000 元调整为 1,300 元（依据：玉医保〔2026〕示例号）。",
          );
          await mine.getByRole("button", { name: "保存修改" }).click();
          await notice(mine, "修改已保存。");
          await mine.getByRole("button", { name: "提交审核" }).click();
          await notice(mine, "已提交审核。");
          assertNoPageProblems(mine, { allowStatuses: [409] });
          await Promise.all([mine.close(), colleague.close()]);
        },
      );

      await t.step("the reviewer approves and publishes; the propagation page fills in live", async () => {
        const page = await newPage(browser, { width: 1280, height: 900 });
        await signIn(page, base, people.reviewer.login, people.reviewer.password);
        await page.goto(`${base}${amendmentUrl}`);
        const row = page.getByRole("table", { name: "规则参数的改动" }).getByRole("row", {
          name: /起付线 · 金额/,
        });
        assert.match(await row.innerText(), /1,300 元/);
        await page.getByRole("button", { name: "批准" }).click();
        await notice(page, "已批准。");

        // the propagation page is open before publication: what follows arrives over SSE
        const live = await newPage(browser, { width: 1280, height: 900 });
        await signIn(live, base, people.reviewer.login, people.reviewer.password);
        await live.goto(`${base}${amendmentUrl}/propagation`);
        await notice(live, /这份修订尚未发布/);
        await live.evaluate(() => (globalThis as unknown as { loadedOnce: boolean }).loadedOnce = true);

        await page.getByRole("button", { name: /发布并定于/ }).click();
        await notice(page, "已发布。");

        const acks = live.getByRole("table", { name: "各依赖渠道的确认情况" });
        for (const channel of ["政策查询缓存", "资格与报销规则", "直播场次", "订阅推送", "题目"]) {
          await acks.getByRole("row", { name: new RegExp(`${channel}.*已确认`) }).waitFor({
            timeout: 45_000,
          });
        }
        await live.getByText(/已送达 1 \/ 1 条/).waitFor({ timeout: 45_000 });
        assert.equal(
          await live.evaluate(() => (globalThis as unknown as { loadedOnce?: boolean }).loadedOnce),
          true,
          "the propagation page filled in without reloading",
        );
        // the page names the policy by its title
        await live.getByRole("link", { name: policy.title }).waitFor();
        await checkA11y(live, "propagation");
        await screenshot(live, "console-propagation");
        await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "审核台" }).click();
        await page.getByRole("link", { name: /待生效/ }).click();
        await page.getByRole("link", { name: policy.title }).waitFor();
        assertNoPageProblems(page);
        assertNoPageProblems(live);
        await Promise.all([page.close(), live.close()]);
      });
    } finally {
      await browser.close().catch(() => {});
      await suite.stop();
    }
  },
});
