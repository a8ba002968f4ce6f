/**
 * The public audience page in a real Chromium at 360 px against the whole suite, no account: join by
 * the code read out on the livestream and by a link, read the covered policy in plain words, ask a
 * question and see it waiting for review; the host (through the sessions API, with a role token)
 * approves and answers it and the page shows the answer live, without a reload; vote, and the count
 * moves, live when someone else votes too. axe (WCAG 2 AA, colour contrast included) on every
 * audience page; screenshots kept.
 */
import assert from "node:assert/strict";
import { issueToken } from "@yibao/kit";
import type { Page } from "playwright-core";
import { testTokenSecret, unique } from "../harness/mod.ts";
import {
  assertNoPageProblems,
  checkA11y,
  launchBrowser,
  newPage,
  screenshot,
  startWholeSuite,
} from "./_harness.ts";
import { fixtureRegion, publishFixturePolicy } from "./_policy_fixture.ts";

// deno-lint-ignore no-explicit-any -- JSON bodies of the sessions API, read field by field
type Json = any;

async function api(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Json> {
  const res = await fetch(url, {
    method,
    headers: { ...headers, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Fails when any axe violation is about colour contrast (the elder-friendly bar), besides the harness's own check. */
async function checkPage(page: Page, label: string): Promise<void> {
  const violations = await checkA11y(page, label);
  const contrast = violations.filter((v) => v.id === "color-contrast");
  assert.deepEqual(contrast, [], `${label}: colour contrast`);
}

Deno.test({
  name:
    "audience page - join by code and link, plain policy, ask (waiting), live answer, vote, axe at 360 px",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const suite = await startWholeSuite({ env: { sessions: { SESSIONS_TRUSTED_PROXIES: "127.0.0.1,::1" } } });
    const browser = await launchBrowser();
    try {
      const base = suite.urls.console;
      const sessionsUrl = suite.urls.sessions;
      const policy = await publishFixturePolicy(suite.urls["policy-admin"]);
      const hostId = unique("host");
      const host = await issueToken(testTokenSecret, { sub: hostId, role: "host", name: "李主播" });
      const asHost = { authorization: `Bearer ${host}` };
      const session = await api(`${sessionsUrl}/v1/sessions`, "POST", {
        title: "老年人住院报销面对面",
        description: "讲讲住院怎么报销、起付线是多少。",
        startsAt: new Date(Math.ceil((Date.now() + 3_600_000) / 60_000) * 60_000).toISOString(),
        durationMinutes: 60,
        timeZone: "Asia/Shanghai",
        channel: "douyin",
        channelAccount: `acct-${hostId}`,
        policies: [policy.id],
        topics: ["inpatient"],
        audiences: ["elderly"],
        region: fixtureRegion,
        requiresReview: true,
      }, asHost);
      assert.match(session.joinCode, /^[1-9]{6}$/);
      // Someone else's question, approved, to vote for.
      const other = (await api(`${sessionsUrl}/v1/audience-tokens`, "POST")).token as string;
      const theirs = (await api(`${sessionsUrl}/v1/sessions/${session.id}/questions`, "POST", {
        text: "异地住院需要先备案吗？",
        anonymous: true,
      }, { "x-client-token": other })).question;
      await api(`${sessionsUrl}/v1/questions/${theirs.id}/moderation`, "POST", { action: "approve" }, asHost);

      const page = await newPage(browser, { width: 360, height: 780 });
      const myQuestion = "我七十岁了，住院起付线是多少钱？";

      await t.step(
        "joins by the code read out on the livestream and reads the policy in plain words",
        async () => {
          await page.goto(`${base}/join`);
          await checkPage(page, "audience join");
          // no session yet: the footer says nothing of review either way
          assert.equal(await page.getByText(/审核后公开|大家就能看到/).count(), 0);
          await screenshot(page, "audience-join");
          await page.getByLabel("加入码").fill("12345");
          await page.getByRole("button", { name: "进入" }).click();
          await page.getByText("加入码是 6 位数字").waitFor();
          await page.getByLabel("加入码").fill(session.joinCode);
          await page.getByRole("button", { name: "进入" }).click();
          await page.getByRole("heading", { level: 1, name: "老年人住院报销面对面" }).waitFor();
          assert.equal(new URL(page.url()).pathname, `/s/${session.joinCode}`);
          await page.getByText(/北京时间/).first().waitFor();
          await page.getByRole("heading", { name: policy.title }).waitFor();
          await page.getByText("老年朋友住院，超过起付线的部分能报销，有疑问请拨打 12393。").waitFor();
          const fontSize = Number(
            await page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"),
          );
          assert.ok(fontSize >= 20, `base text is ${fontSize}px`);
          await checkPage(page, "audience session");
          // this session reviews questions, and its footer says so
          await page.getByText(/您的提问经主播审核后公开/).waitFor();
          await screenshot(page, "audience-session");
        },
      );

      await t.step(
        "asks a question with a name; it shows as waiting for review for this person",
        async () => {
          await page.getByRole("link", { name: "我要提问" }).click();
          await page.getByRole("heading", { level: 1, name: "我要提问" }).waitFor();
          await checkPage(page, "audience ask");
          await screenshot(page, "audience-ask");
          await page.getByLabel("您的问题").fill(myQuestion);
          await page.getByLabel("您的称呼（可不填）").fill("张阿姨");
          await page.getByRole("button", { name: "提交问题" }).click();
          await page.getByText("问题已提交。").waitFor();
          const mine = page.getByRole("region", { name: "我的提问" });
          await mine.getByText(myQuestion).waitFor();
          await mine.getByText("待审核").waitFor();
          // not shown to everyone while it waits
          assert.equal(
            await page.getByRole("region", { name: "大家的问题" }).getByText(myQuestion).count(),
            0,
          );
          await checkPage(page, "audience session with a question waiting");
          await screenshot(page, "audience-waiting");
        },
      );

      await t.step(
        "the host approves and answers it: the answer appears live, without a reload",
        async () => {
          await page.locator("#live[data-live=open]").waitFor({ timeout: 15_000 });
          await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));
          const pending = await api(
            `${sessionsUrl}/v1/sessions/${session.id}/questions?status=pending`,
            "GET",
            undefined,
            asHost,
          );
          const q = pending.items.find((x: { text: string }) => x.text === myQuestion);
          assert.ok(q, "the host sees the question as pending");
          assert.equal(q.askerName, "张阿姨");
          await api(`${sessionsUrl}/v1/questions/${q.id}/moderation`, "POST", { action: "approve" }, asHost);
          const answer = "2026 年本地职工住院起付线为 1,000 元，一年只算一次。";
          await api(
            `${sessionsUrl}/v1/questions/${q.id}/moderation`,
            "POST",
            { action: "answer", answer },
            asHost,
          );
          const everyone = page.getByRole("region", { name: "大家的问题" });
          await everyone.getByText(`主播回答：${answer}`).waitFor({ timeout: 10_000 });
          await page.getByRole("region", { name: "我的提问" }).getByText("已回答").waitFor({
            timeout: 10_000,
          });
          assert.equal(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker), 42);
          await checkPage(page, "audience session with the answer");
          await screenshot(page, "audience-answered");
        },
      );

      await t.step(
        "votes once (shown as done), and the count moves live when someone else votes",
        async () => {
          const everyone = page.getByRole("region", { name: "大家的问题" });
          // one's own question offers no vote
          assert.equal(
            await everyone.getByRole("listitem").filter({ hasText: myQuestion }).getByRole("button").count(),
            0,
          );
          const item = everyone.getByRole("listitem").filter({ hasText: theirs.text });
          await item.getByRole("button", { name: "我也想问（0 人点赞）" }).click();
          await page.getByText("已点赞，谢谢！").waitFor();
          await item.getByText("已点赞 ✓ · 1 人点赞").waitFor();
          assert.equal(await item.getByRole("button").count(), 0);
          await page.locator("#live[data-live=open]").waitFor({ timeout: 15_000 });
          const third = (await api(`${sessionsUrl}/v1/audience-tokens`, "POST")).token as string;
          await api(`${sessionsUrl}/v1/questions/${theirs.id}/votes`, "POST", undefined, {
            "x-client-token": third,
          });
          await item.getByText("已点赞 ✓ · 2 人点赞").waitFor({ timeout: 10_000 });
          await checkPage(page, "audience session after voting");
          await screenshot(page, "audience-voted");
          // the malformed join code typed at the start was answered 400 with the form again
          assertNoPageProblems(page, { allowStatuses: [400] });
          await page.close();
        },
      );

      await t.step(
        "joins by a link in another browser: the same page, without a login, own questions apart",
        async () => {
          const other = await newPage(browser, { width: 360, height: 780 });
          await other.goto(`${base}/s/${session.joinCode}`);
          await other.getByRole("heading", { level: 1, name: "老年人住院报销面对面" }).waitFor();
          assert.equal(await other.getByRole("region", { name: "我的提问" }).count(), 0);
          await other.getByRole("button", { name: "我也想问（2 人点赞）" }).waitFor();
          const missing = await other.goto(`${base}/s/999999`);
          assert.equal(missing?.status(), 404);
          await other.getByRole("heading", { name: "没有找到这场直播" }).waitFor();
          await checkPage(other, "audience session not found");
          assertNoPageProblems(other, { allowStatuses: [404] });
          await other.close();
        },
      );

      await t.step(
        "asks in a session that does not review questions: told everyone sees it, and it is shown at once",
        async () => {
          const open = await api(`${sessionsUrl}/v1/sessions`, "POST", {
            title: "门诊共济怎么用",
            startsAt: new Date(Math.ceil((Date.now() + 4 * 3_600_000) / 60_000) * 60_000).toISOString(),
            durationMinutes: 60,
            timeZone: "Asia/Shanghai",
            channel: "douyin",
            channelAccount: `acct-${hostId}-open`,
            topics: ["inpatient"],
            region: fixtureRegion,
            requiresReview: false,
          }, asHost);
          const asker = await newPage(browser, { width: 360, height: 780 });
          await asker.goto(`${base}/s/${open.joinCode}`);
          await asker.getByRole("link", { name: "我要提问" }).click();
          const question = "家人的门诊费用能用我的个人账户付吗？";
          await asker.getByLabel("您的问题").fill(question);
          await asker.getByRole("button", { name: "提交问题" }).click();
          await asker.getByText("问题已提交，大家已经能看到了。").waitFor();
          assert.equal(await asker.getByText(/审核后会?公开/).count(), 0);
          await asker.getByText(/您的提问提交后大家就能看到/).waitFor();
          await asker.getByRole("region", { name: "大家的问题" }).getByText(question).waitFor();
          await checkPage(asker, "audience question shown at once");
          await screenshot(asker, "audience-question-shown");
          await asker.close();
        },
      );
    } finally {
      await browser.close();
      await suite.stop();
    }
  },
});
