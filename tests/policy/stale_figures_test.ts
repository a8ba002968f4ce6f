import assert from "node:assert/strict";
import { call, newPolicy, ownTopic, people, publishNewPolicy, startSuite } from "./_suite.ts";

Deno.test("policy-admin - a draft changing a rule parameter lists the texts still quoting the old figure", async () => {
  const suite = await startSuite();
  const tokens = await people();
  const topic = await ownTopic();
  const pid = `stale-${topic.toLowerCase()}`;
  const rule = {
    id: `${pid}-chronic`,
    insuranceType: "resident",
    visitType: "chronicSpecialOutpatient",
    source: { region: "411402", year: 2026, note: "测试规则，参数为示意" },
    deductible: { kind: "none" },
    rates: { base: "aboveDeductible", bands: [{ fromFen: 0, toFen: null, rateBp: 7000 }] },
    classBSelfPayBp: 0,
    annualCapFen: 180_000,
  };
  try {
    await publishNewPolicy(suite, {
      ...newPolicy(pid, topic, ["411402"], {
        body: "门诊慢特病年度支付限额1,800 元，报销比例70%，有疑问请拨打12393。",
        summaries: {
          insured: "每年最多报销1800元。",
          elderly: "老年朋友：报销比例70%，有疑问请拨打 12393。",
        },
      }),
      rules: [rule],
    } as never, tokens);
    const draft = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
      token: tokens.operator,
      body: {
        summary: "门诊慢特病年度支付限额提高到 1,500 元以上",
        effectiveFrom: newPolicy(pid, topic, []).effectiveFrom,
        changes: [{ field: `rules.${rule.id}.annualCapFen`, before: 180_000, after: 250_000 }],
      },
    });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    const expected = [["body", "1,800 元"], ["summaries.insured", "1800元"]];
    const got = await call(suite.admin, "GET", `/v1/amendments/${draft.body.id}`, { token: tokens.operator });
    assert.equal(got.status, 200);
    assert.deepEqual(
      got.body.warnings.map((w: { field: string; quote: string }) => [w.field, w.quote]),
      expected,
    );
    assert.match(got.body.warnings[0].message.zh, /修改前的数字/);
    const content = await call(suite.admin, "GET", `/v1/amendments/${draft.body.id}/content`, {
      token: tokens.operator,
    });
    assert.deepEqual(
      content.body.warnings.map((w: { field: string; quote: string }) => [w.field, w.quote]),
      expected,
    );
  } finally {
    await suite.stop();
  }
});
