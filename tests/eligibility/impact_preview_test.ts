import assert from "node:assert/strict";
import { runService } from "@yibao/kit";
import { service as eligibility } from "../../services/eligibility/service.ts";
import { serviceEnv } from "../harness/mod.ts";
import {
  call,
  newPolicy,
  ownTopic,
  people,
  publishNewPolicy,
  reviewAndPublish,
  startSuite,
} from "../policy/_suite.ts";

const ytPolicy = "yt-employee-inpatient-benefits";
const ytRule = "yt-employee-inpatient";

// deno-lint-ignore no-explicit-any -- cases as JSON
type Case = any;

Deno.test("POST /v1/impact-previews - raising Yantai's level-3 deductible moves exactly the level-3 inpatient bills", async () => {
  const suite = await startSuite();
  const svc = await runService(eligibility, { env: serviceEnv(), handleSignals: false });
  const tokens = await people();
  let draftId: string | undefined;
  try {
    const draft = await call(suite.admin, "POST", `/v1/policies/${ytPolicy}/amendments`, {
      token: tokens.operator,
      body: {
        summary: "三级医院住院起付线由 800 元提高到 1,000 元（影响测算测试）",
        effectiveFrom: "2030-01-01",
        changes: [{ field: `rules.${ytRule}.deductible.amountsFen.3`, before: 80_000, after: 100_000 }],
      },
    });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    draftId = draft.body.id as string;

    const r = await call(svc, "POST", "/v1/impact-previews", {
      token: tokens.reviewer,
      body: { amendmentId: draftId, asOf: "2026-06-01" },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 2000));
    const p = r.body;
    assert.equal(p.policyId, ytPolicy);
    assert.deepEqual(p.changedRules, [ytRule]);
    assert.deepEqual(
      p.regions.map((x: Case) => [x.code, x.fullName, x.policyInForce, x.omitted]),
      [["370600", "山东省 烟台市", true, false]],
    );
    // 3 people × 3 levels × inpatient × 4 bills
    assert.equal(p.cases.length, 36);
    assert.deepEqual(p.panel, { maxCases: 500, cases: 36, truncated: false });

    // Hand-worked: employed, level 3, 20,000 yuan = 14,000 A + 4,000 B + 2,000 self-pay. Class B pays
    // 10% first (400), in scope 17,600. Before: 17,600 − 800 = 16,800 above the deductible:
    // 5,000 × 80% + 5,000 × 85% + 6,800 × 90% = 14,370 yuan. After: 16,600 above 1,000:
    // 4,000 + 4,250 + 6,600 × 90% = 14,190 yuan. The fund pays 180 yuan less.
    const byId = new Map(p.cases.map((c: Case) => [c.id, c]));
    const worked = byId.get("370600.employee.employed.3.inpatient.2000000") as Case;
    assert.equal(worked.description.zh, "职工 · 在职 · 三级医院 · 住院 · 总费用 20,000 元");
    assert.equal(worked.fundPaysBeforeFen, 1_437_000);
    assert.equal(worked.fundPaysAfterFen, 1_419_000);
    assert.equal(worked.differenceFen, -18_000);
    assert.equal(worked.coveredByChangedRule, true);
    assert.deepEqual(worked.ruleAfter, {
      id: ytRule,
      policyId: ytPolicy,
      version: worked.ruleBefore.version + 1,
    });
    // retirees get 5 more points: the 200 yuan more of deductible cost them 95% of it
    assert.equal((byId.get("370600.employee.retired.3.inpatient.2000000") as Case).differenceFen, -19_000);

    for (const c of p.cases as Case[]) {
      const ctx = JSON.stringify(c);
      if (c.person.insuranceType === "resident") {
        // Yantai has no resident inpatient rule: listed with the reason, never dropped
        assert.equal(c.fundPaysBeforeFen, null, ctx);
        assert.ok(c.notEstimated.before.zh && c.notEstimated.before.en, ctx);
        assert.equal(c.changed, false, ctx);
        continue;
      }
      assert.ok(c.differenceFen <= 0, `a higher deductible never raises what the fund pays: ${ctx}`);
      if (c.visit.hospitalLevel !== 3 || c.visit.totalFen === 80_000) {
        assert.equal(c.differenceFen, 0, `unrelated: ${ctx}`);
      }
      if (c.visit.hospitalLevel === 3 && c.visit.totalFen >= 500_000) {
        assert.ok(c.differenceFen < 0, `above the new deductible the fund pays less: ${ctx}`);
      }
    }
    // level 3, bills of 5,000, 20,000 and 80,000 yuan, employed and retired
    assert.equal(p.summary.changed, 6);
    assert.equal(p.summary.cases, 36);
    assert.equal(p.summary.estimated, 24);
    assert.equal(p.summary.notEstimated, 12);
    const sum = (f: (c: Case) => number) =>
      p.cases.filter((c: Case) => c.differenceFen !== null).reduce((s: number, c: Case) => s + f(c), 0);
    assert.equal(p.summary.averageChangeFen, Math.floor(sum((c) => c.differenceFen) / 24 + 0.5));
    assert.equal(p.summary.averageFundPaysBeforeFen, Math.floor(sum((c) => c.fundPaysBeforeFen) / 24 + 0.5));
    assert.deepEqual(p.summary.byVisitType.map((t: Case) => [t.visitType, t.cases, t.changed]), [
      ["inpatient", 36, 6],
    ]);

    const again = await call(svc, "POST", "/v1/impact-previews", {
      token: tokens.operator,
      body: { amendmentId: draftId, asOf: "2026-06-01" },
    });
    assert.deepEqual(again.body.cases.map((c: Case) => c.id), p.cases.map((c: Case) => c.id), "same order");

    // who may ask
    const ask = (token?: string) =>
      call(svc, "POST", "/v1/impact-previews", {
        ...(token ? { token } : {}),
        body: { amendmentId: draftId },
      });
    assert.equal((await ask(tokens.admin)).status, 200);
    assert.equal((await ask(tokens.host)).status, 403);
    assert.equal((await ask()).status, 401);
  } finally {
    if (draftId) {
      await call(suite.admin, "POST", `/v1/amendments/${draftId}/withdraw`, { token: tokens.operator });
    }
    await svc.shutdown();
    await suite.stop();
  }
});

Deno.test("POST /v1/impact-previews - unknown 404, published or conflicting 422, bad body 400, naming body.amendmentId", async () => {
  const suite = await startSuite();
  const svc = await runService(eligibility, { env: serviceEnv(), handleSignals: false });
  const tokens = await people();
  const topic = await ownTopic();
  const pid = `impact-${topic.toLowerCase()}`;
  const preview = (body: unknown) =>
    call(svc, "POST", "/v1/impact-previews", { token: tokens.reviewer, body });
  const paths = (r: Case) => (r.body.errors ?? []).map((e: { path: string }) => e.path);
  const rule = {
    id: `${pid}-chronic`,
    insuranceType: "resident",
    visitType: "chronicSpecialOutpatient",
    source: { region: "411402", year: 2026, note: "测试规则，参数为示意" },
    deductible: { kind: "none" },
    rates: { base: "aboveDeductible", bands: [{ fromFen: 0, toFen: null, rateBp: 7000 }] },
    classBSelfPayBp: 0,
    annualCapFen: 100_000,
  };
  try {
    let r = await preview({ amendmentId: `amd-${crypto.randomUUID()}` });
    assert.equal(r.status, 404, JSON.stringify(r.body));
    assert.deepEqual(paths(r), ["body.amendmentId"]);

    const initial = await publishNewPolicy(
      suite,
      { ...newPolicy(pid, topic, ["411402"]), rules: [rule] } as never,
      tokens,
    );
    r = await preview({ amendmentId: initial.id });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.deepEqual(paths(r), ["body.amendmentId"]);
    assert.match(r.body.detail, /published|发布/);

    // two drafts of the same field: once one is published, the other's changes no longer apply
    const change = [{ field: `rules.${rule.id}.annualCapFen`, before: 100_000, after: 300_000 }];
    const draft = () =>
      call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
        token: tokens.operator,
        body: {
          summary: "门诊慢特病年度支付限额提高到 3,000 元",
          effectiveFrom: "2030-01-01",
          changes: change,
        },
      });
    const first = await draft();
    const second = await draft();
    assert.equal(second.status, 201, JSON.stringify(second.body));
    r = await preview({ amendmentId: second.body.id });
    assert.equal(r.status, 200, "applies while the first is a draft");
    assert.ok(r.body.summary.changed > 0, "a higher cap pays more on the bigger bills");
    await reviewAndPublish(suite.admin, first.body.id, tokens);
    r = await preview({ amendmentId: second.body.id });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.deepEqual(paths(r), ["body.amendmentId"]);

    r = await preview({});
    assert.equal(r.status, 400);
    assert.deepEqual(paths(r), ["body.amendmentId"]);
    r = await preview({ amendmentId: "x", asOf: "2026-02-30" });
    assert.equal(r.status, 400);
    assert.deepEqual(paths(r), ["body.asOf"]);
  } finally {
    await svc.shutdown();
    await suite.stop();
  }
});
