/**
 * A live session with both sides in real Chromium at once: the host's live room (1280 px) and an
 * audience member's page (360 px, no account, joined by link). The audience member asks; the question
 * appears in the host's pending column without a reload; the host approves, pins and answers citing
 * the policy's version; the audience page shows the answer live; a second audience member votes and
 * the count moves live on both pages. (The time from asking to the host's room is measured in
 * `./dev bench`, not asserted here.)
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
import { fixtureRegion, publishFixturePolicy } from "./_policy_fixture.ts";

const marked = (page: Page) => page.evaluate(() => (globalThis as unknown as { kept?: number }).kept);
const mark = (page: Page) => page.evaluate(() => ((globalThis as unknown as { kept: number }).kept = 7));

Deno.test({
  name: "live session - the audience asks at 360 px, the host's room moderates and answers, both update live",
  // playwright-core keeps internal handles between calls; the browser is closed in `finally`
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const suite = await startWholeSuite({ env: { sessions: { SESSIONS_TRUSTED_PROXIES: "127.0.0.1,::1" } } });
    const browser = await launchBrowser();
    try {
      const people = await createTestPeople(suite);
      const policy = await publishFixturePolicy(suite.urls["policy-admin"]);
      const hostToken = await issueToken(testTokenSecret, {
        sub: people.host.id,
        role: "host",
        name: people.host.name,
      });
      const res = await fetch(`${suite.urls.sessions}/v1/sessions`, {
        method: "POST",
        headers: { authorization: `Bearer ${hostToken}`, "content-type": "application/json" },
        body: JSON.stringify({
          title: "职工住院报销直播答疑",
          description: "讲讲住院起付线和报销比例。",
          startsAt: new Date(Math.ceil((Date.now() + 3_600_000) / 60_000) * 60_000).toISOString(),
          durationMinutes: 60,
          timeZone: "Asia/Shanghai",
          channel: "douyin",
          channelAccount: `acct-${crypto.randomUUID().slice(0, 8)}`,
          policies: [policy.id],
          topics: ["inpatient"],
          audiences: ["elderly"],
          region: fixtureRegion,
          requiresReview: true,
        }),
      });
      const session = await res.json();
      assert.equal(res.status, 201, JSON.stringify(session));
      const base = suite.urls.console;
      const question = "退休以后住院，起付线还是一千元吗？";
      const answer = "退休后仍是 1,000 元，超过部分按 80% 报销。";

      const host = await newPage(browser, { width: 1280, height: 900 });
      await signIn(host, base, people.host.login, people.host.password);
      await host.goto(`${base}/host/sessions/${session.id}/live`);
      await host.locator("[data-live=open]").waitFor({ timeout: 15_000 });
      await mark(host);

      const viewer = await newPage(browser, { width: 360, height: 780 });
      await viewer.goto(`${base}/s/${session.joinCode}`);
      await viewer.getByRole("heading", { level: 1, name: "职工住院报销直播答疑" }).waitFor();
      await viewer.getByRole("link", { name: "我要提问" }).click();
      await viewer.getByLabel("您的问题").fill(question);
      await viewer.getByRole("button", { name: "提交问题" }).click();
      await viewer.getByText("问题已提交。").waitFor();
      await viewer.locator("#live[data-live=open]").waitFor({ timeout: 15_000 });
      await mark(viewer);

      // it reaches the host's pending column over the live stream
      await host.getByRole("region", { name: /待审核/ }).getByText(question).waitFor({ timeout: 15_000 });
      assert.equal(await marked(host), 7, "the host's room did not reload");

      // the room names a question by its first 16 characters
      const short = `${question.slice(0, 16)}…`;
      await host.getByRole("button", { name: `通过「${short}」` }).click();
      await host.getByText("问题已通过。").waitFor();
      await host.getByRole("region", { name: /已通过/ }).getByRole("button", { name: `置顶「${short}」` })
        .click();
      await host.getByText("问题已置顶。").waitFor();
      await host.getByRole("link", { name: `回答、合并…：「${short}」` }).click();
      await host.getByRole("textbox", { name: "回答", exact: true }).fill(answer);
      await host.getByLabel("搜索政策").fill(policy.title);
      await host.getByRole("button", { name: "搜索政策" }).click();
      await host.getByRole("checkbox", { name: /第 1 版/ }).first().check();
      await host.getByRole("button", { name: "标记为已回答" }).click();
      await host.getByText("已标记为已回答。").waitFor();
      const answered = host.getByRole("region", { name: /已回答/ });
      await answered.getByText(`《${policy.title}》第 1 版`).waitFor();
      await host.locator("[data-live=open]").waitFor({ timeout: 15_000 });
      await mark(host);

      // the audience member sees the answer without reloading
      const everyone = viewer.getByRole("region", { name: "大家的问题" });
      await everyone.getByText(`主播回答：${answer}`).waitFor({ timeout: 15_000 });
      assert.equal(await marked(viewer), 7, "the audience page did not reload");

      // a second audience member votes: the count moves on the host's room and the first page
      const second = await newPage(browser, { width: 360, height: 780 });
      await second.goto(`${base}/s/${session.joinCode}`);
      await second.getByRole("region", { name: "大家的问题" }).getByRole("listitem").filter({
        hasText: question,
      })
        .getByRole("button", { name: /我也想问/ }).click();
      await second.getByText("已点赞，谢谢！").waitFor();
      await answered.getByText("1 票").waitFor({ timeout: 15_000 });
      await everyone.getByRole("listitem").filter({ hasText: question }).getByText(/1 人点赞/).waitFor({
        timeout: 15_000,
      });
      assert.equal(await marked(host), 7);
      assert.equal(await marked(viewer), 7);

      await checkA11y(host, "live room during a session");
      await checkA11y(viewer, "audience page during a session");
      await screenshot(host, "live-session-host-room");
      await screenshot(viewer, "live-session-audience");
      for (const p of [host, viewer, second]) assertNoPageProblems(p);
    } finally {
      await browser.close().catch(() => {});
      await suite.stop();
    }
  },
});
