import assert from "node:assert/strict";
import { shanghaiToday } from "@yibao/domain";
import { runService } from "@yibao/kit";
import { service as eligibility } from "../../services/eligibility/service.ts";
import { eventually, serviceEnv } from "../harness/mod.ts";
import {
  addDays,
  call,
  newPolicy,
  ownTopic,
  people,
  publishNewPolicy,
  reviewAndPublish,
  startSuite,
} from "../policy/_suite.ts";

const case03 = JSON.parse(
  await Deno.readTextFile(
    new URL("../../services/eligibility/cases/03_bj_crossing_30000.json", import.meta.url),
  ),
);

function beijingVisit(date: string) {
  return {
    person: { insuranceType: "employee", enrollmentRegion: "110105", employment: "employed", age: 45 },
    visit: {
      type: "inpatient",
      careRegion: "110108",
      hospitalLevel: 3,
      date,
      amounts: case03.input.visit.amounts,
    },
    yearToDate: case03.input.yearToDate,
  };
}

Deno.test("POST /v1/estimates - the rule read from the graph gives the hand-worked figures, line by line cited", async () => {
  const svc = await runService(eligibility, { env: serviceEnv(), handleSignals: false });
  const tokens = await people();
  try {
    const r = await call(svc, "POST", "/v1/estimates", {
      token: tokens.host,
      body: beijingVisit("2026-06-01"),
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    for (const key of ["inScopeFen", "deductibleFen", "fundPaysFen", "outOfPocketFen"]) {
      assert.equal(r.body[key], case03.expected[key], key);
    }
    assert.deepEqual(r.body.rule, {
      id: "bj-employee-inpatient",
      policyId: "bj-employee-inpatient-benefits",
      version: 1,
    });
    assert.equal(r.body.crossRegion, false);
    assert.ok(
      r.body.lines.every((l: { policyId: string; explanationZh: string }) =>
        l.policyId === "bj-employee-inpatient-benefits" && l.explanationZh.length > 0
      ),
    );
    assert.equal(
      r.body.fundPaysFen + (r.body.secondLayer?.fundFen ?? 0) + r.body.outOfPocketFen,
      r.body.totalFen,
    );

    const batch = await call(svc, "POST", "/v1/estimates/batch", {
      token: tokens.host,
      body: {
        items: [beijingVisit("2026-06-01"), {
          ...beijingVisit("2026-06-01"),
          person: { ...beijingVisit("2026-06-01").person, enrollmentRegion: "999999" },
        }],
      },
    });
    assert.equal(batch.status, 200, JSON.stringify(batch.body));
    assert.deepEqual(batch.body.results[0].estimate, r.body, "alone or in a batch, the same estimate");
    assert.equal(batch.body.results[1].problem.status, 404);
    assert.deepEqual(batch.body.results[1].problem.errors.map((e: { path: string }) => e.path), [
      "body.items.1.person.enrollmentRegion",
    ]);
  } finally {
    await svc.shutdown();
  }
});

Deno.test("POST /v1/estimates - a second visit of the year sends the first's yearToDateAfter and the second layer continues; lines in Chinese and English", async () => {
  const svc = await runService(eligibility, { env: serviceEnv(), handleSignals: false });
  const tokens = await people();
  try {
    const visit = (classAFen: number) => ({
      person: { insuranceType: "employee", enrollmentRegion: "150424", employment: "employed", age: 50 },
      visit: {
        type: "inpatient",
        careRegion: "110105",
        hospitalLevel: 3,
        date: "2026-06-01",
        registered: true,
        items: [
          { name: "甲类药品", class: "classA", amountFen: classAFen },
          { name: "国产支架", class: "classB", category: "medicalMaterial", amountFen: 100_000, quantity: 1 },
        ],
      },
    });
    const first = await call(svc, "POST", "/v1/estimates", {
      token: tokens.host,
      body: { ...visit(2_000_000), yearToDate: { ...emptyYear, secondLayerBaseFen: 0 } },
    });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.crossRegion, true);
    assert.deepEqual(first.body.categories, [], "the demo rule has no category shares: class B applies");
    const residual1 = first.body.inScopeFen - first.body.fundPaysFen;
    assert.equal(first.body.yearToDateAfter.secondLayerBaseFen, residual1);
    assert.equal(first.body.yearToDateAfter.admissions, 1);
    const second = await call(svc, "POST", "/v1/estimates", {
      token: tokens.host,
      body: { ...visit(3_000_000), yearToDate: first.body.yearToDateAfter },
    });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.body.secondLayer.baseFen, residual1);
    assert.equal(second.body.deductibleFen, 60_000, "the second admission's deductible");
    for (const l of second.body.lines as { explanationZh: string; explanationEn: string }[]) {
      assert.ok(/[\u4e00-\u9fff]/.test(l.explanationZh), l.explanationZh);
      assert.ok(l.explanationEn.length > 0 && !/[\u4e00-\u9fff]/.test(l.explanationEn), l.explanationEn);
    }
  } finally {
    await svc.shutdown();
  }
});

const emptyYear = {
  admissions: 0,
  deductiblePaidFen: 0,
  fundPaidFen: 0,
  secondLayerPaidFen: 0,
  inScopeCostFen: 0,
};

Deno.test("POST /v1/estimates - bad input names the field", async () => {
  const svc = await runService(eligibility, { env: serviceEnv(), handleSignals: false });
  const tokens = await people();
  try {
    const huge = beijingVisit("2026-06-01");
    huge.visit.amounts = { ...huge.visit.amounts, classAFen: 100_000_000_001 };
    const r = await call(svc, "POST", "/v1/estimates", { token: tokens.host, body: huge });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.errors.map((e: { path: string }) => e.path), ["body.visit.amounts.classAFen"]);
    const negative = beijingVisit("2026-06-01");
    negative.visit.amounts = { ...negative.visit.amounts, classBFen: -1 };
    assert.equal(
      (await call(svc, "POST", "/v1/estimates", { token: tokens.host, body: negative })).status,
      400,
    );
    const tooMany = await call(svc, "POST", "/v1/estimates/batch", {
      token: tokens.host,
      body: { items: Array.from({ length: 1_001 }, () => beijingVisit("2026-06-01")) },
      headers: {},
    });
    assert.ok([400, 413].includes(tooMany.status), `${tooMany.status}`);
    const noRule = await call(svc, "POST", "/v1/estimates", {
      token: tokens.host,
      body: {
        ...beijingVisit("2026-06-01"),
        visit: { ...beijingVisit("2026-06-01").visit, type: "chronicSpecialOutpatient" },
      },
    });
    assert.equal(noRule.status, 422);
    assert.deepEqual(noRule.body.errors.map((e: { path: string }) => e.path), ["body.visit.type"]);
    const { amounts: _amounts, ...visitWithoutAmounts } = beijingVisit("2026-06-01").visit;
    const itemised = {
      ...beijingVisit("2026-06-01"),
      visit: {
        ...visitWithoutAmounts,
        items: [
          { name: "床位费", class: "classA", amountFen: case03.input.visit.amounts.classAFen - 100 },
          { name: "检查费", class: "classA", amountFen: 100 },
          { name: "乙类药品", class: "classB", amountFen: case03.input.visit.amounts.classBFen },
          { name: "自费耗材", class: "selfPay", amountFen: case03.input.visit.amounts.selfPayFen },
        ],
        totalFen: case03.input.visit.amounts.classAFen + case03.input.visit.amounts.classBFen +
          case03.input.visit.amounts.selfPayFen,
      },
    };
    const fromItems = await call(svc, "POST", "/v1/estimates", { token: tokens.host, body: itemised });
    assert.equal(fromItems.status, 200, JSON.stringify(fromItems.body));
    assert.equal(fromItems.body.fundPaysFen, case03.expected.fundPaysFen, "items are summed by class");
    const badTotal = await call(svc, "POST", "/v1/estimates", {
      token: tokens.host,
      body: { ...itemised, visit: { ...itemised.visit, totalFen: itemised.visit.totalFen + 1 } },
    });
    assert.equal(badTotal.status, 422);
    assert.deepEqual(badTotal.body.errors.map((e: { path: string }) => e.path), ["body.visit.totalFen"]);
    assert.match(
      badTotal.body.detail,
      /^费用不一致：总费用为 [\d,.]+ 元，但甲类、乙类、自费合计 [\d,.]+ 元$/,
    );
    assert.doesNotMatch(
      badTotal.body.errors[0].message,
      /[A-Za-z]/,
      "the field message is Chinese by default",
    );
    const badTotalEn = await call(svc, "POST", "/v1/estimates", {
      token: tokens.host,
      body: { ...itemised, visit: { ...itemised.visit, totalFen: itemised.visit.totalFen + 1 } },
      headers: { "accept-language": "en" },
    });
    assert.match(badTotalEn.body.detail, /^Amounts do not add up: the total is [\d,.]+ yuan/);
    assert.doesNotMatch(badTotalEn.body.detail, /[\u4e00-\u9fff]/);
    const disagreeing = await call(svc, "POST", "/v1/estimates", {
      token: tokens.host,
      body: {
        ...itemised,
        visit: { ...itemised.visit, amounts: { ...case03.input.visit.amounts, classBFen: 1 } },
      },
    });
    assert.equal(disagreeing.status, 422);
    assert.deepEqual(disagreeing.body.errors.map((e: { path: string }) => e.path), [
      "body.visit.amounts.classBFen",
    ]);
    const neither = await call(svc, "POST", "/v1/estimates", {
      token: tokens.host,
      body: { ...beijingVisit("2026-06-01"), visit: visitWithoutAmounts },
    });
    assert.equal(neither.status, 400);
    assert.deepEqual(neither.body.errors.map((e: { path: string }) => e.path), ["body.visit.amounts"]);
    const lianyungang = {
      person: { insuranceType: "resident", enrollmentRegion: "320703", employment: "other", age: 50 },
      visit: {
        type: "inpatient",
        careRegion: "320703",
        hospitalLevel: 3,
        date: "2026-06-01",
        amounts: { classAFen: 500_000, classBFen: 0, selfPayFen: 0 },
      },
    };
    const level3 = await call(svc, "POST", "/v1/estimates", { token: tokens.host, body: lianyungang });
    assert.equal(level3.status, 422, "Lianyungang's table is for level-1 hospitals and below");
    assert.deepEqual(level3.body.errors.map((e: { path: string }) => e.path), ["body.visit.hospitalLevel"]);
    const level1 = await call(svc, "POST", "/v1/estimates", {
      token: tokens.host,
      body: { ...lianyungang, visit: { ...lianyungang.visit, hospitalLevel: 1 } },
    });
    assert.equal(level1.status, 200, JSON.stringify(level1.body));
    assert.equal(
      (await call(svc, "POST", "/v1/estimates", { body: beijingVisit("2026-06-01") })).status,
      401,
    );
  } finally {
    await svc.shutdown();
  }
});

Deno.test("POST /v1/estimates/batch - an unknown enum in one item is that item's problem, not the batch's", async () => {
  const svc = await runService(eligibility, { env: serviceEnv(), handleSignals: false });
  const tokens = await people();
  try {
    const items: unknown[] = Array.from({ length: 1_000 }, () => beijingVisit("2026-06-01"));
    const bad = beijingVisit("2026-06-01");
    items[500] = { ...bad, person: { ...bad.person, insuranceType: "martian" } };
    items[501] = { ...bad, visit: { ...bad.visit, hospitalLevel: 7 } };
    const r = await call(svc, "POST", "/v1/estimates/batch", { token: tokens.host, body: { items } });
    assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 500));
    assert.equal(r.body.results.length, 1_000);
    const problems = r.body.results.filter((x: { problem?: unknown }) => x.problem);
    assert.deepEqual(problems.map((x: { index: number }) => x.index), [500, 501]);
    assert.equal(problems[0].problem.status, 400);
    assert.equal(problems[0].problem.code, "validationFailed");
    assert.deepEqual(problems[0].problem.errors.map((e: { path: string }) => e.path), [
      "body.items.500.person.insuranceType",
    ]);
    assert.match(problems[0].problem.errors[0].message, /^须为以下之一/);
    assert.deepEqual(problems[1].problem.errors.map((e: { path: string }) => e.path), [
      "body.items.501.visit.hospitalLevel",
    ]);
    assert.deepEqual(r.body.results[499].estimate.fundPaysFen, case03.expected.fundPaysFen);
    const notAList = await call(svc, "POST", "/v1/estimates/batch", {
      token: tokens.host,
      body: { items: 3 },
    });
    assert.equal(notAList.status, 400, "the envelope is still checked as a whole");
  } finally {
    await svc.shutdown();
  }
});

Deno.test("an amendment published with a future effectiveFrom changes estimates dated on or after that day, none before", async () => {
  const suite = await startSuite();
  const svc = await runService(eligibility, { env: serviceEnv(), handleSignals: false });
  const tokens = await people();
  const topic = await ownTopic();
  const pid = `rule-${topic.toLowerCase()}`;
  const today = shanghaiToday();
  const tomorrow = addDays(today, 1);
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
  const visit = (date: string) => ({
    person: { insuranceType: "resident", enrollmentRegion: "411402", employment: "other", age: 60 },
    visit: {
      type: "chronicSpecialOutpatient",
      careRegion: "411402",
      hospitalLevel: 2,
      date,
      amounts: { classAFen: 500_000, classBFen: 0, selfPayFen: 0 },
    },
  });
  try {
    await publishNewPolicy(suite, { ...newPolicy(pid, topic, ["411402"]), rules: [rule] } as never, tokens);
    const before = await call(svc, "POST", "/v1/estimates", { token: tokens.host, body: visit(tomorrow) });
    assert.equal(before.status, 200, JSON.stringify(before.body));
    assert.equal(before.body.fundPaysFen, 100_000, "capped at 1,000 yuan");

    const draft = await call(suite.admin, "POST", `/v1/policies/${pid}/amendments`, {
      token: tokens.operator,
      body: {
        summary: "明日起门诊慢特病年度支付限额提高到 3,000 元",
        effectiveFrom: tomorrow,
        changes: [{ field: `rules.${rule.id}.annualCapFen`, before: 100_000, after: 300_000 }],
      },
    });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    await reviewAndPublish(suite.admin, draft.body.id, tokens);

    assert.ok(
      await eventually(async () =>
        (await call(svc, "POST", "/v1/estimates", { token: tokens.host, body: visit(tomorrow) })).body
          .fundPaysFen === 300_000
      ),
      "from tomorrow the new cap applies",
    );
    const todayEstimate = await call(svc, "POST", "/v1/estimates", {
      token: tokens.host,
      body: visit(today),
    });
    assert.equal(todayEstimate.body.fundPaysFen, 100_000, "today the old cap still applies");
    assert.equal(todayEstimate.body.rule.version, 1);
    const propagation = await call(suite.admin, "GET", `/v1/amendments/${draft.body.id}/propagation`, {
      token: tokens.operator,
    });
    assert.ok(
      await eventually(async () =>
        (await call(suite.admin, "GET", `/v1/amendments/${draft.body.id}/propagation`, {
          token: tokens.operator,
        })).body.channels
          .some((ch: { channel: string }) => ch.channel === "eligibility-rules")
      ),
      JSON.stringify(propagation.body),
    );
  } finally {
    await svc.shutdown();
    await suite.stop();
  }
});

Deno.test("GET /v1/benefits - the benefits a region offers, most local rule per key, with citations", async () => {
  const svc = await runService(eligibility, { env: serviceEnv(), handleSignals: false });
  const tokens = await people();
  try {
    const r = await call(svc, "GET", "/v1/benefits?region=370602&asOf=2026-06-01", { token: tokens.host });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const keys = (kind: string) =>
      r.body.items.filter((i: { kind: string }) => i.kind === kind).map((i: { key: string }) => i.key).sort();
    assert.deepEqual(keys("estimate"), ["employee.generalOutpatient", "employee.inpatient"]);
    assert.deepEqual(keys("eligibility"), [
      "chronicSpecialOutpatient",
      "crossRegionRegistration",
      "familyAccountSharing",
      "flexibleWorkerEnrolment",
      "newbornEnrolment",
      "outpatientPooling",
    ]);
    const flexible = r.body.items.find((i: { key: string }) => i.key === "flexibleWorkerEnrolment");
    assert.equal(
      flexible.policyId,
      "sd-flexible-worker-enrolment",
      "Shandong's rule is more local than the nation's",
    );
    const outpatient = r.body.items.find((i: { key: string }) => i.key === "employee.generalOutpatient");
    assert.equal(outpatient.policyId, "yt-employee-outpatient-pooling");
    assert.equal(outpatient.version, 2);
    assert.match(outpatient.citation.docNumber, /示例/);
    assert.equal((await call(svc, "GET", "/v1/benefits?region=999999", { token: tokens.host })).status, 404);
  } finally {
    await svc.shutdown();
  }
});
