/**
 * The item bank and awareness in a real Chromium against the whole suite: an operator writes a
 * knowledge item citing a published policy (leaving out the explanation first shows the error next to
 * that field), finds it in the bank, then opens the awareness page for the policy's region and sees the
 * rate with its interval and n, "meets the 80% target" (the lower bound is above 80%), and the item
 * among the hardest. Answers are written with Cypher (a panel of a known size, as graph-schema/README.md
 * describes answers; tests/sessions/quiz_flow_test.ts answers through the API). Both pages pass axe.
 */
import assert from "node:assert/strict";
import { issueToken } from "@yibao/kit";
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
import {
  daysFromToday,
  fixtureDeductibleFen,
  fixtureRegion,
  publishFixturePolicy,
} from "./_policy_fixture.ts";

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

Deno.test({
  name: "item bank - an operator writes an item with a field error first, then reads awareness by region",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const suite = await startWholeSuite();
    const browser = await launchBrowser();
    try {
      const people = await createTestPeople(suite);
      const policy = await publishFixturePolicy(suite.urls["policy-admin"]);
      const base = suite.urls.console;
      const stem = `住院费用超过起付线的部分可以报销（${crypto.randomUUID().slice(0, 6)}）`;
      const page = await newPage(browser, { width: 1280, height: 900 });

      await t.step(
        "the operator writes an item; the missing explanation is shown next to its field",
        async () => {
          await signIn(page, base, people.operator.login, people.operator.password);
          await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "题库" }).click();
          await page.getByRole("heading", { level: 1, name: "题库" }).waitFor();
          await checkA11y(page, "the item bank");
          await page.getByRole("link", { name: "新建题目" }).click();
          await page.getByLabel("题型").selectOption({ label: "判断题" });
          await page.getByLabel("题干").fill(stem);
          await page.getByLabel("正确答案").fill("对");
          await page.getByLabel("考查的政策编号").fill(policy.id);
          await page.getByLabel("政策版本").fill("1");
          await page.getByRole("button", { name: "保存" }).click();
          const explanation = page.locator(".field.has-error").filter({ has: page.getByLabel("答案解析") });
          await explanation.getByRole("alert").waitFor();
          assert.match(await explanation.innerText(), /答案解析/);
          await checkA11y(page, "the item form with an error");
          await page.getByLabel("答案解析").fill("超过起付线、在支付限额以内的部分，由统筹基金按比例支付。");
          await page.getByRole("button", { name: "保存" }).click();
          await page.getByText("题目已保存。").waitFor();
          const row = page.getByRole("table", { name: "题目列表" }).getByRole("row", {
            name: new RegExp(stem.slice(-8, -1)),
          });
          await row.waitFor();
          assert.match(await row.innerText(), /判断题/);
          assert.match(await row.innerText(), /可以使用/);
          assert.match(
            await row.innerText(),
            new RegExp(`${policy.title.replace(/[()（）]/g, ".")}.第 1 版.`),
          );
        },
      );

      await t.step(
        "the awareness page shows the rate with its interval and n, and the target only on the lower bound",
        async () => {
          // 70 answers in the policy's region, 63 right: 90.0%, interval 80.8%–95.1%.
          await suite.graph.write((tx) =>
            tx.run(
              `MATCH (i:Item {stem: $stem})
             UNWIND range(1, 70) AS n
             CREATE (a:Answer {id: randomUUID(), launchId: 'lch-ui', itemId: i.id, sessionId: 'ses-ui-awareness',
                               choiceIds: [CASE WHEN n <= 63 THEN 'true' ELSE 'false' END], correct: n <= 63,
                               answeredAt: datetime(), regionCode: $region, audience: 'insured',
                               respondentId: 'ui-' + n})-[:TO]->(i)`,
              { stem, region: fixtureRegion },
            )
          );
          await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "知晓率" })
            .click();
          await page.getByRole("heading", { level: 1, name: "政策知晓率" }).waitFor();
          await page.getByLabel("地区（名称或代码）").fill(fixtureRegion);
          await page.getByRole("button", { name: "查看" }).click();
          await page.getByRole("table", { name: "各项政策的知晓率" }).waitFor();
          const text = await page.getByRole("table", { name: "各项政策的知晓率" }).innerText();
          assert.match(text, new RegExp(policy.title.replace(/[()（）]/g, ".")));
          assert.match(text, /90%/);
          assert.match(text, /80\.8%–95\.1%，n = 70/);
          assert.match(text, /达到 80% 目标/);
          const hardest = await page.getByRole("table", { name: "答错最多的题目" }).innerText();
          assert.ok(hardest.includes(stem), hardest);
          await page.getByRole("table", { name: "知晓率最低的政策" }).waitFor();
          await checkA11y(page, "the awareness page");
          await screenshot(page, "console-awareness");
          assertNoPageProblems(page, { allowStatuses: [422] });
        },
      );

      await t.step(
        "an amendment of the policy flags the item with what changed; the operator confirms it",
        async () => {
          const operator = await issueToken(testTokenSecret, {
            sub: "item-test-op",
            role: "operator",
            name: "运营",
          });
          const reviewer = await issueToken(testTokenSecret, {
            sub: "item-test-rev",
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
          const review = page.getByRole("region", { name: /待复核/ });
          for (let i = 0; i < 60; i++) {
            await page.goto(`${base}/items`);
            if (await review.getByText(stem).count()) break;
            await page.waitForTimeout(500);
          }
          const text = await review.innerText();
          assert.ok(text.includes(stem), text);
          assert.match(text, /起付线由 1,000 元调整为 1,200 元。/);
          assert.match(text, /1,000 元 → 1,200 元/);
          assert.ok(text.includes(policy.title), "the review names the policy by its title");
          await checkA11y(page, "the item bank with an item to review");
          await screenshot(page, "console-item-bank");
          await review.getByRole("button", { name: "确认仍然正确" }).first().click();
          await page.getByText("已确认，这道题可以再次使用。").waitFor();
          assert.equal(await page.getByRole("region", { name: /待复核/ }).getByText(stem).count(), 0);
          assertNoPageProblems(page, { allowStatuses: [422] });
        },
      );
    } finally {
      await browser.close();
      await suite.stop();
    }
  },
});
