/**
 * A quiz in a live session, both sides in real Chromium: the host launches a quiz from the live room
 * (1280 px) with its results hidden; an audience member (360 px, no account) answers it on the
 * audience page, sees "已提交", and — once the host reveals the results — sees them live, with the
 * right answer and its explanation, without reloading. The item is written to the graph directly
 * (tests/browser/item_bank_test.ts writes items through the page); the host ticks it among the ready
 * items of the bank.
 */
import assert from "node:assert/strict";
import { issueToken } from "@yibao/kit";
import type { Page } from "playwright-core";
import { testTokenSecret } from "../harness/mod.ts";
import { createItems } from "../sessions/_launch_items.ts";
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
import { fixtureRegion } from "./_policy_fixture.ts";

const marked = (page: Page) => page.evaluate(() => (globalThis as unknown as { kept?: number }).kept);
const mark = (page: Page) => page.evaluate(() => ((globalThis as unknown as { kept: number }).kept = 7));

Deno.test({
  name:
    "quiz - the host launches a quiz, an audience member answers at 360 px and sees the result after reveal",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const suite = await startWholeSuite({ env: { sessions: { SESSIONS_TRUSTED_PROXIES: "127.0.0.1,::1" } } });
    const browser = await launchBrowser();
    try {
      const people = await createTestPeople(suite);
      const hostToken = await issueToken(testTokenSecret, {
        sub: people.host.id,
        role: "host",
        name: people.host.name,
      });
      const res = await fetch(`${suite.urls.sessions}/v1/sessions`, {
        method: "POST",
        headers: { authorization: `Bearer ${hostToken}`, "content-type": "application/json" },
        body: JSON.stringify({
          title: "住院起付线小测验",
          startsAt: new Date(Math.ceil((Date.now() + 3_600_000) / 60_000) * 60_000).toISOString(),
          durationMinutes: 60,
          channel: "douyin",
          channelAccount: `acct-${crypto.randomUUID().slice(0, 8)}`,
          topics: ["inpatient"],
          audiences: ["elderly"],
          region: fixtureRegion,
        }),
      });
      const session = await res.json();
      assert.equal(res.status, 201, JSON.stringify(session));
      const [itemId] = await createItems([{
        kind: "singleChoice",
        stem: "三级医院住院的起付线是多少？",
        choices: [{ id: "a", text: "500 元" }, { id: "b", text: "800 元" }, { id: "c", text: "1200 元" }],
        correctChoiceIds: ["b"],
        explanation: "三级医院住院起付线为 800 元，一级、二级医院更低。",
      }]);
      const base = suite.urls.console;

      // The host launches a quiz with its results hidden.
      const host = await newPage(browser, { width: 1280, height: 900 });
      await signIn(host, base, people.host.login, people.host.password);
      await host.goto(`${base}/host/sessions/${session.id}/live`);
      await host.getByLabel("类型").selectOption("quiz");
      await host.getByRole("checkbox", { name: "三级医院住院的起付线是多少？", exact: true }).check();
      assert.ok(itemId);
      await host.getByRole("button", { name: "发布", exact: true }).click();
      await host.getByText("已发布。").waitFor();
      const panel = host.getByRole("region", { name: "投票、测验与问卷" });
      await panel.getByText(/测验 · 现场 · 作答中 · 结果未公布/).waitFor();
      await host.locator("[data-live=open]").waitFor({ timeout: 15_000 });
      await mark(host);

      // An audience member answers it. The page's live stream is held back until they have chosen, so
      // its first fragment replaces the form under their choice (as on a slow phone network): the
      // choice must survive it.
      const viewer = await newPage(browser, { width: 360, height: 780 });
      let releaseStream = () => {};
      const streamHeld = new Promise<void>((resolve) => (releaseStream = resolve));
      const quizStream = `**/s/${session.joinCode}/quiz`;
      await viewer.route(quizStream, async (route) => {
        await streamHeld;
        await route.continue();
      });
      await viewer.goto(`${base}/s/${session.joinCode}`);
      const quiz = viewer.getByRole("region", { name: "现场测验" });
      await quiz.getByText("1. 三级医院住院的起付线是多少？").waitFor();
      await quiz.getByRole("radio", { name: "800 元" }).check();
      releaseStream();
      await viewer.locator("#quiz[data-updated-at]").waitFor({ timeout: 15_000 });
      assert.ok(
        await quiz.getByRole("radio", { name: "800 元" }).isChecked(),
        "the choice survives the live update",
      );
      await viewer.unroute(quizStream);
      await quiz.getByRole("button", { name: "提交", exact: true }).click();
      await viewer.getByText("已提交 ✓ 谢谢参与！").waitFor();
      await quiz.getByText("主播公布结果后会显示在这里。").waitFor();
      assert.equal(await quiz.getByRole("radio").count(), 0, "answers are locked once sent");
      assert.equal(await viewer.getByText(/解析/).count(), 0, "no explanation before the reveal");
      await viewer.locator("#quiz[data-live=open]").waitFor({ timeout: 15_000 });
      await mark(viewer);

      // The host's room counts it live, then reveals.
      await panel.getByText("1 人作答").waitFor({ timeout: 15_000 });
      assert.equal(await marked(host), 7, "the host's room did not reload");
      await panel.getByRole("button", { name: "公布结果" }).click();
      await host.getByText("结果已公布。").waitFor();

      // The audience page shows the results, the right answer and why, without reloading.
      await quiz.getByText("答对 1 人，占 100%").waitFor({ timeout: 15_000 });
      await quiz.getByText("800 元（正确答案）").waitFor();
      await quiz.getByText("解析：三级医院住院起付线为 800 元，一级、二级医院更低。").waitFor();
      assert.equal(await marked(viewer), 7, "the audience page did not reload");

      await checkA11y(viewer, "audience page with a revealed quiz");
      await checkA11y(host, "live room with a quiz");
      await screenshot(viewer, "quiz-audience-revealed");
      await screenshot(host, "quiz-host-room");
      for (const p of [host, viewer]) assertNoPageProblems(p);
    } finally {
      await browser.close().catch(() => {});
      await suite.stop();
    }
  },
});
