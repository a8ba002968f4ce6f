/**
 * The host sees who learned what: after a pre-test, a post-test and a satisfaction survey run through
 * the services' APIs (items written with `POST /v1/items` citing a published policy, answers with
 * signed audience tokens), the host opens the session's results page from the sessions list and reads
 * the figures by role and label, then downloads the CSV through the console (its UTF-8 BOM kept).
 *
 * The panel: 62 people. People 0–9 and 60–61 take the pre-test (i1 right for 0–4, i2 right for 0–1;
 * 60–61 get both wrong); people 0–59 take the post-test (i1 all right, i2 right unless i % 4 = 0).
 * Post-test only (pre-tests are left out of the shares): i1 60/60 = 100% (95% interval 94%–100%, meets
 * the target), i2 45/60 = 75% (62.8%–84.2%, not shown to meet it), the policy 105/120 = 87.5%
 * (80.4%–92.3%, meets it). Paired 0–9: mean pre (2·1 + 3·0.5)/10 = 0.35, mean post (3·0.5 + 7·1)/10 =
 * 0.85, mean gain +50 points, Hake's g 0.5/0.65 = 0.77; only-pre 2, only-post 50. Ratings 5, 4, 4: 4.3.
 */
import assert from "node:assert/strict";
import { issueToken } from "@yibao/kit";
import { testTokenSecret } from "../harness/mod.ts";
import { signedAudienceToken } from "../sessions/_audience_token.ts";
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

Deno.test({
  name: "session results - the host reads share correct with interval and n, pre/post, ratings and the CSV",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const suite = await startWholeSuite();
    const browser = await launchBrowser();
    try {
      const people = await createTestPeople(suite);
      const policy = await publishFixturePolicy(suite.urls["policy-admin"]);
      const hostToken = await issueToken(testTokenSecret, {
        sub: people.host.id,
        role: "host",
        name: people.host.name,
      });
      const api = async (method: string, path: string, body: unknown, headers: Record<string, string>) => {
        const res = await fetch(`${suite.urls.sessions}${path}`, {
          method,
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify(body),
        });
        const json = await res.json();
        assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
        return json;
      };
      const asHost = { authorization: `Bearer ${hostToken}` };
      const tests = { policyId: policy.id, version: 1 };
      const i1 = await api("POST", "/v1/items", {
        kind: "singleChoice",
        stem: "住院费用超过起付线的部分怎么办？",
        choices: [{ id: "a", text: "全部自付" }, { id: "b", text: "按比例报销" }],
        correctChoiceIds: ["b"],
        explanation: "超过起付线的部分由统筹基金按比例支付。",
        tests,
      }, asHost);
      const i2 = await api("POST", "/v1/items", {
        kind: "trueFalse",
        stem: "住院起付线每次住院都要重新计算。",
        correctChoiceIds: ["false"],
        explanation: "起付线按年计算，一年内只付一次。",
        tests,
      }, asHost);
      const rating = await api("POST", "/v1/items", {
        kind: "rating",
        stem: "今天的讲解清楚吗？",
        anonymous: true,
      }, asHost);
      const session = await api("POST", "/v1/sessions", {
        title: "住院待遇讲解与小测验",
        startsAt: new Date(Math.ceil((Date.now() + 3_600_000) / 60_000) * 60_000).toISOString(),
        durationMinutes: 60,
        channel: "douyin",
        channelAccount: `acct-${crypto.randomUUID().slice(0, 8)}`,
        topics: ["inpatient"],
        audiences: ["elderly"],
        region: fixtureRegion,
      }, asHost);
      const token = (i: number) => signedAudienceToken(testTokenSecret, `results-${session.id}-${i}`);
      const launch = (purpose: string, kind: string, itemIds: string[]) =>
        api("POST", `/v1/sessions/${session.id}/launches`, { kind, purpose, itemIds }, asHost);
      const close = (id: string) => api("POST", `/v1/launches/${id}/close`, {}, asHost);
      const answer = (launchId: string, i: number, right1: boolean, right2: boolean) =>
        api("POST", `/v1/launches/${launchId}/answers`, {
          answers: [
            { itemId: i1.id, choiceIds: [right1 ? "b" : "a"] },
            { itemId: i2.id, choiceIds: [right2 ? "false" : "true"] },
          ],
        }, { "x-client-token": token(i) });

      const pre = await launch("preTest", "quiz", [i1.id, i2.id]);
      for (const i of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 60, 61]) await answer(pre.id, i, i < 5, i < 2);
      await close(pre.id);
      const post = await launch("postTest", "quiz", [i1.id, i2.id]);
      for (let i = 0; i < 60; i += 6) {
        await Promise.all(
          Array.from({ length: 6 }, (_, k) => answer(post.id, i + k, true, (i + k) % 4 !== 0)),
        );
      }
      await close(post.id);
      const survey = await launch("satisfaction", "survey", [rating.id]);
      for (const [i, r] of [[0, 5], [1, 4], [2, 4]] as const) {
        await api("POST", `/v1/launches/${survey.id}/answers`, { itemId: rating.id, rating: r }, {
          "x-client-token": token(i),
        });
      }
      await close(survey.id);

      // The host finds the results from the sessions list.
      const base = suite.urls.console;
      const host = await newPage(browser, { width: 1280, height: 900 });
      await signIn(host, base, people.host.login, people.host.password);
      await host.goto(`${base}/host/sessions`);
      await host.getByRole("row").filter({ hasText: "住院待遇讲解与小测验" })
        .getByRole("link", { name: "学习效果" }).first().click();
      await host.getByRole("heading", { name: "学习效果：住院待遇讲解与小测验" }).waitFor();
      assert.match(host.url(), new RegExp(`/host/sessions/${session.id}/results$`));

      const byItem = host.getByRole("table", { name: "各题答对比例" });
      const r1 = byItem.getByRole("row", { name: /住院费用超过起付线的部分怎么办/ });
      assert.match(await r1.innerText(), /100%[\s\S]*95% 区间 94%–100%，n = 60[\s\S]*达到 80% 目标/);
      const r2 = byItem.getByRole("row", { name: /住院起付线每次住院都要重新计算/ });
      const r2Text = await r2.innerText();
      assert.match(r2Text, /75%[\s\S]*95% 区间 62\.8%–84\.2%，n = 60[\s\S]*未达到 80% 目标/);
      assert.ok(!r2Text.includes("达到 80% 目标") || r2Text.includes("未达到 80% 目标"));

      const byPolicy = host.getByRole("table", { name: "各项政策的知晓率" });
      const p1 = byPolicy.getByRole("row").filter({ hasText: policy.title });
      assert.match(await p1.innerText(), /87\.5%[\s\S]*80\.4%–92\.3%，n = 120[\s\S]*60[\s\S]*达到 80% 目标/);

      const facts = host.getByRole("region", { name: "课前与课后对比" });
      const fact = async (term: string) =>
        (await facts.locator(`xpath=.//dt[normalize-space()="${term}"]/following-sibling::dd[1]`).innerText())
          .trim();
      assert.equal(await fact("前后都作答的人数"), "10");
      assert.equal(await fact("只参加了课前测验"), "2");
      assert.equal(await fact("只参加了课后测验"), "50");
      assert.equal(await fact("课前平均得分"), "35%");
      assert.equal(await fact("课后平均得分"), "85%");
      assert.equal(await fact("平均个人提升"), "+50 个百分点");
      assert.equal(await fact("标准化提升（Hake g）"), "0.77");

      const ratings = host.getByRole("table", { name: "满意度评分" });
      const rr = ratings.getByRole("row", { name: /今天的讲解清楚吗/ });
      assert.match(await rr.innerText(), /4\.3[\s\S]*3[\s\S]*3 分：0；4 分：2；5 分：1/);

      const hardest = host.getByRole("region", { name: "答错最多的题目" });
      await hardest.getByText("解析：起付线按年计算，一年内只付一次。").waitFor();
      assert.equal(await hardest.getByRole("listitem").count(), 1, "only items someone got wrong");

      await checkA11y(host, "session results");
      await screenshot(host, "session-results");

      // The CSV through the console: the service's bytes, BOM and all.
      const href = await host.getByRole("link", { name: "下载全部作答（CSV）" }).getAttribute("href");
      assert.equal(href, `/host/sessions/${session.id}/results/answers.csv`);
      const csv = await host.request.get(`${base}${href}`);
      assert.equal(csv.status(), 200);
      assert.match(csv.headers()["content-type"] ?? "", /^text\/csv/);
      const bytes = await csv.body();
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 BOM");
      const lines = new TextDecoder().decode(bytes).trimEnd().split("\r\n");
      assert.equal(lines.length, 1 + 24 + 120 + 3);
      assert.match(lines[0]!, /作答时间/);

      assertNoPageProblems(host);
    } finally {
      await browser.close().catch(() => {});
      await suite.stop();
    }
  },
});
