/**
 * The hosts' job in a real Chromium against the whole suite: a host schedules a weekly session
 * covering a policy found by search (a second one at the same time shows the clash inline, naming
 * the first), moves one occurrence, opens the live room; a question asked through the sessions API
 * appears in the pending column without a reload; the host approves, pins and answers citing the
 * policy's version picked by search; an amendment of the covered policy published through
 * policy-admin shows the needs-rebrief banner with what changed. Every page passes axe.
 */
import assert from "node:assert/strict";
import { issueToken } from "@yibao/kit";
import type { Page } from "playwright-core";
import { testTokenSecret } from "../harness/mod.ts";
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
import { daysFromToday, fixtureDeductibleFen, publishFixturePolicy } from "./_policy_fixture.ts";

async function notice(page: Page, text: RegExp | string): Promise<void> {
  await page.getByText(text).first().waitFor({ timeout: 15_000 });
}

async function api(url: string, token: string, method: string, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A signed audience token, as an audience member's app gets one from the sessions service. */
async function audienceToken(sessionsUrl: string): Promise<string> {
  const res = await fetch(`${sessionsUrl}/v1/audience-tokens`, { method: "POST" });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).token as string;
}

Deno.test({
  name:
    "host desk - schedule weekly with a clash shown, move one occurrence, live room: questions live, moderate, cite, rebrief",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const suite = await startWholeSuite();
    const browser = await launchBrowser();
    try {
      const people = await createTestPeople(suite);
      const policy = await publishFixturePolicy(suite.urls["policy-admin"]);
      const base = suite.urls.console;
      const title = `医保住院报销直播答疑 ${crypto.randomUUID().slice(0, 6)}`;
      const account = `acct-${crypto.randomUUID().slice(0, 8)}`;
      const startDate = daysFromToday(9);
      const page = await newPage(browser, { width: 1280, height: 900 });
      let sessionPath = "";

      await t.step("the host's start page lists the next sessions and links to My sessions", async () => {
        await signIn(page, base, people.host.login, people.host.password);
        await page.getByRole("heading", { name: "我接下来的直播" }).waitFor();
        await checkA11y(page, "the host's start page");
        await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的直播" })
          .click();
        await page.getByRole("heading", { level: 1, name: "我的直播" }).waitFor();
        await checkA11y(page, "my sessions, empty");
      });

      await t.step("schedules a weekly session covering a policy found by search", async () => {
        await page.getByRole("link", { name: "安排新场次" }).first().click();
        await page.getByLabel("标题").fill(title);
        await page.getByLabel("搜索政策").fill(policy.title);
        await page.getByRole("button", { name: "搜索政策" }).click();
        await page.getByRole("checkbox", { name: new RegExp(policy.title.replace(/[()（）]/g, ".")) })
          .check();
        // what was typed survives the search
        assert.equal(await page.getByLabel("标题").inputValue(), title);
        await page.getByLabel("日期", { exact: true }).fill(startDate);
        await page.getByLabel("开始时间").fill("19:30");
        assert.equal(await page.getByLabel("时区").inputValue(), "Asia/Shanghai");
        await page.getByRole("radio", { name: "每周同一天" }).check();
        await page.getByLabel("次数", { exact: true }).fill("4");
        await page.getByLabel("直播账号").fill(account);
        await checkA11y(page, "schedule form");
        await page.getByRole("button", { name: "安排场次" }).click();
        await notice(page, "场次已安排。");
        // the week of the first occurrence, in Shanghai time
        const week = page.getByRole("list").filter({ has: page.getByRole("heading", { name: /星期一/ }) });
        await week.getByRole("link", { name: new RegExp(`19:30–20:30 ${title}`) }).waitFor();
        await page.getByRole("heading", { name: /一周日程.*北京时间/ }).waitFor();
        // the days are one tab stop: arrow keys move between them
        await page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /星期一/ }) })
          .first()
          .focus();
        await page.keyboard.press("ArrowRight");
        const focused = await page.evaluate(() =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document
            .activeElement.textContent
        );
        assert.match(focused, /星期二/);
        await checkA11y(page, "my sessions, week view");
        await screenshot(page, "console-host-desk");
        assertNoPageProblems(page);
      });

      await t.step("a second session at the same time shows the clash inline, naming the first", async () => {
        await page.goto(`${base}/host/sessions/new`);
        await page.getByLabel("标题").fill(`${title}（重复）`);
        await page.getByLabel("日期", { exact: true }).fill(startDate);
        await page.getByLabel("开始时间").fill("20:00");
        await page.getByLabel("直播账号").fill(`${account}-2`);
        await page.getByRole("button", { name: "安排场次" }).click();
        const clash = page.getByRole("alert").filter({ hasText: "时间冲突" });
        await clash.waitFor();
        const text = await clash.innerText();
        assert.match(text, new RegExp(`《${title}》 ${startDate} 19:30–20:30（北京时间）`));
        assert.match(text, /同一主播/);
        // what was typed is kept
        assert.equal(await page.getByLabel("开始时间").inputValue(), "20:00");
        await checkA11y(page, "schedule form with a clash");
        await screenshot(page, "console-host-clash");
        assertNoPageProblems(page, { allowStatuses: [409] });
      });

      await t.step("moves one occurrence", async () => {
        await page.goto(`${base}/host/sessions?week=${startDate}`);
        await page.getByRole("link", { name: new RegExp(title) }).first().click();
        await page.getByRole("heading", { level: 1, name: title }).waitFor();
        sessionPath = new URL(page.url()).pathname;
        const second = daysFromToday(16);
        await page.getByLabel(`${second} 19:30 改到时间`).fill("20:45");
        await page.getByRole("button", { name: "改期这一次" }).nth(1).click();
        await notice(page, "这一次已改期。");
        await page.getByText(`${second} 20:45–21:45`).waitFor();
        await page.getByText(`${startDate} 19:30–20:30`).waitFor();
        await checkA11y(page, "one session");
        // the clash of the step before is this page's one expected error answer
        assertNoPageProblems(page, { allowStatuses: [409] });
      });

      const room = `${base}${sessionPath}/live`;
      const sessionId = sessionPath.split("/").at(-1)!;
      await t.step(
        "a question asked through the API appears in the pending column without a reload",
        async () => {
          await page.getByRole("link", { name: "进入直播间" }).click();
          await page.getByRole("heading", { level: 1, name: `直播间：${title}` }).waitFor();
          await checkA11y(page, "live room, empty");
          await page.evaluate(() => (globalThis as unknown as { loadedOnce: boolean }).loadedOnce = true);
          // the page's live stream is open before the question is asked
          await page.locator("[data-live=open]").waitFor({ timeout: 10_000 });
          const res = await fetch(`${suite.urls.sessions}/v1/sessions/${sessionId}/questions`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-client-token": await audienceToken(suite.urls.sessions),
            },
            body: JSON.stringify({ text: "住院起付线今年是多少钱？", name: "王阿姨" }),
          });
          assert.equal(res.status, 201);
          const pending = page.getByRole("region", { name: /待审核/ });
          await pending.getByText("住院起付线今年是多少钱？").waitFor({ timeout: 5_000 });
          assert.equal(
            await page.evaluate(() => (globalThis as unknown as { loadedOnce?: boolean }).loadedOnce),
            true,
            "the question arrived without reloading the page",
          );
        },
      );

      await t.step(
        "the host approves, pins, and answers citing the policy's version picked by search",
        async () => {
          await page.getByRole("button", { name: "通过「住院起付线今年是多少钱？」" }).click();
          await notice(page, "问题已通过。");
          const approved = page.getByRole("region", { name: /已通过/ });
          await approved.getByText("住院起付线今年是多少钱？").waitFor();
          await approved.getByRole("button", { name: "置顶「住院起付线今年是多少钱？」" }).click();
          await notice(page, "问题已置顶。");
          await page.getByRole("region", { name: /已通过/ }).getByText("置顶中").waitFor();
          await page.getByRole("link", { name: "回答、合并…：「住院起付线今年是多少钱？」" }).click();
          await page.getByRole("heading", { name: "回答并引用政策" }).waitFor();
          await page.getByRole("textbox", { name: "回答", exact: true }).fill(
            "起付线为 1,000 元，超过部分按 80% 报销。",
          );
          await page.getByLabel("搜索政策").fill(policy.title);
          await page.getByRole("button", { name: "搜索政策" }).click();
          const cite = page.getByRole("checkbox", { name: new RegExp(`第 1 版`) }).first();
          await cite.check();
          assert.equal(
            await page.getByRole("textbox", { name: "回答", exact: true }).inputValue(),
            "起付线为 1,000 元，超过部分按 80% 报销。",
          );
          await checkA11y(page, "answer a question");
          await page.getByRole("button", { name: "标记为已回答" }).click();
          await notice(page, "已标记为已回答。");
          const answered = page.getByRole("region", { name: /已回答/ });
          await answered.getByText("起付线为 1,000 元，超过部分按 80% 报销。").waitFor();
          await answered.getByText(`《${policy.title}》第 1 版`).waitFor();
          // an audience member's vote moves the count live
          await answered.getByText("0 票").waitFor();
          const questionId = await answered.getByRole("listitem").first().getAttribute("id");
          const voted = await fetch(`${suite.urls.sessions}/v1/questions/${questionId}/votes`, {
            method: "POST",
            headers: { "x-client-token": await audienceToken(suite.urls.sessions) },
          });
          assert.equal(voted.status, 200);
          await answered.getByText("1 票").waitFor({ timeout: 5_000 });
          assertNoPageProblems(page, { allowStatuses: [409] });
        },
      );

      await t.step("an amendment of the covered policy shows the needs-rebrief banner live", async () => {
        // the room is open before publication: the banner arrives over the live stream
        await page.goto(room);
        await page.locator("[data-live=open]").waitFor({ timeout: 10_000 });
        assert.equal(await page.getByRole("region", { name: /本场涉及的政策有修订/ }).count(), 0);
        const operator = await issueToken(testTokenSecret, {
          sub: "host-test-op",
          role: "operator",
          name: "运营",
        });
        const reviewer = await issueToken(testTokenSecret, {
          sub: "host-test-rev",
          role: "reviewer",
          name: "审核",
        });
        const admin = suite.urls["policy-admin"];
        const draft = await api(`${admin}/v1/policies/${policy.id}/amendments`, operator, "POST", {
          summary: "起付线由 1,000 元调整为 1,200 元。",
          effectiveFrom: daysFromToday(1),
          changes: [{
            field: `rules.${policy.ruleId}.deductible.amountFen`,
            before: fixtureDeductibleFen,
            after: 120_000,
          }],
        });
        await api(`${admin}/v1/amendments/${draft.id}/submit`, operator, "POST");
        await api(`${admin}/v1/amendments/${draft.id}/approve`, reviewer, "POST");
        await api(`${admin}/v1/amendments/${draft.id}/publish`, operator, "POST");
        const banner = page.getByRole("region", { name: /本场涉及的政策有修订/ });
        await banner.waitFor({ timeout: 30_000 });
        const text = await banner.innerText();
        assert.match(text, /起付线由 1,000 元调整为 1,200 元。/);
        assert.match(text, /起付线.*1,000 元 → 1,200 元/);
        assert.ok(text.includes(policy.title), "the banner names the policy by its title");
        assert.ok(!text.includes(policy.ruleId) && !text.includes(policy.id), "no internal id shown");
        await checkA11y(page, "live room with a rebrief");
        await screenshot(page, "console-host-live-room");
        await page.goto(room);
        await page.getByRole("button", { name: "我已了解这些修订" }).click();
        await notice(page, "已记录您了解了这些修订。");
        assert.equal(await page.getByRole("region", { name: /本场涉及的政策有修订/ }).count(), 0);
        assertNoPageProblems(page, { allowStatuses: [409] });
      });
      await t.step(
        "a secret calendar address works without the console's cookie, and can be replaced or stopped",
        async () => {
          await page.goto(`${base}/host/sessions?week=${startDate}`);
          await page.getByRole("button", { name: "生成订阅地址" }).click();
          const first = await page.getByLabel("订阅地址", { exact: true }).inputValue();
          assert.match(first, /\/calendar\.ics\?key=[A-Za-z0-9_-]{43}$/);
          await checkA11y(page, "my sessions with a new calendar address");
          const read = async (url: string) => {
            const res = await fetch(url); // no cookie: as a calendar app polls it
            return {
              status: res.status,
              type: res.headers.get("content-type") ?? "",
              text: await res.text(),
            };
          };
          const feed = await read(first);
          assert.equal(feed.status, 200);
          assert.match(feed.type, /^text\/calendar/);
          assert.ok(
            feed.text.includes("BEGIN:VCALENDAR") && feed.text.includes(title),
            "the feed lists the session",
          );
          assert.equal((await read(first.replace(/key=.*/, "key=" + "A".repeat(43)))).status, 404);
          // the address is shown once; a page view names only that one is active
          await page.goto(`${base}/host/sessions`);
          await page.getByText(/订阅地址已开启/).waitFor();
          assert.equal(await page.getByLabel("订阅地址", { exact: true }).count(), 0);
          await page.getByRole("button", { name: "换一个新订阅地址" }).click();
          const second = await page.getByLabel("订阅地址", { exact: true }).inputValue();
          assert.notEqual(second, first);
          assert.equal((await read(first)).status, 404, "the replaced address stops at once");
          assert.equal((await read(second)).status, 200);
          await page.getByRole("button", { name: "停用订阅地址" }).click();
          await notice(page, "日历订阅地址已停用");
          assert.equal((await read(second)).status, 404);
          assertNoPageProblems(page, { allowStatuses: [409] });
        },
      );
      await page.close();
    } finally {
      await browser.close();
      await suite.stop();
    }
  },
});
