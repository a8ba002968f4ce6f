import assert from "node:assert/strict";
import { averageHalfUp, compareCase, type Outcome, summarize } from "./compare.ts";
import { buildPanel } from "./panel.ts";

const [inpatient, outpatient] = buildPanel(["110000"], ["inpatient", "generalOutpatient"]).cases
  .filter((c) => c.id.endsWith("1.inpatient.80000") || c.id.endsWith("1.generalOutpatient.80000"));
const paid = (fundPaysFen: number, id = "r1", policyId = "p"): Outcome => ({
  fundPaysFen,
  rule: { id, policyId, version: 1 },
});
const changed = { policyId: "p", ruleIds: ["r1"] };

Deno.test("compareCase() - the difference, whether it changed, and whether a changed rule covers it", () => {
  const r = compareCase(inpatient!, paid(1000), paid(1300), changed);
  assert.equal(r.differenceFen, 300);
  assert.equal(r.changed, true);
  assert.equal(r.coveredByChangedRule, true);
  assert.equal(r.notEstimated, undefined);
  const same = compareCase(inpatient!, paid(1000, "other"), paid(1000, "other"), changed);
  assert.equal(same.changed, false);
  assert.equal(same.coveredByChangedRule, false);
  assert.equal(
    compareCase(inpatient!, paid(1, "r1", "q"), paid(1, "r1", "q"), changed).coveredByChangedRule,
    false,
  );
});

Deno.test("compareCase() - a side that cannot be estimated keeps its reason", () => {
  const problem = { zh: "无规则", en: "No rule" };
  const r = compareCase(outpatient!, { problem }, paid(500), changed);
  assert.equal(r.fundPaysBeforeFen, null);
  assert.equal(r.differenceFen, null);
  assert.equal(r.changed, true);
  assert.deepEqual(r.notEstimated, { before: problem });
});

Deno.test("averageHalfUp() - rounds half up, toward +∞, for negatives too", () => {
  assert.equal(averageHalfUp(5, 2), 3);
  assert.equal(averageHalfUp(4, 3), 1);
  assert.equal(averageHalfUp(5, 3), 2);
  assert.equal(averageHalfUp(-5, 2), -2);
  assert.equal(averageHalfUp(-7, 3), -2);
  assert.equal(averageHalfUp(-8, 3), -3);
  assert.equal(averageHalfUp(0, 4), 0);
});

Deno.test("summarize() - counts, averages over cases estimated on both sides, per visit type", () => {
  const results = [
    compareCase(inpatient!, paid(1000), paid(1301), changed),
    compareCase(inpatient!, paid(2000, "x"), paid(2000, "x"), changed),
    compareCase(
      outpatient!,
      { problem: { zh: "无", en: "none" } },
      { problem: { zh: "无", en: "none" } },
      changed,
    ),
  ];
  const s = summarize(results);
  assert.equal(s.cases, 3);
  assert.equal(s.estimated, 2);
  assert.equal(s.notEstimated, 1);
  assert.equal(s.changed, 1);
  assert.equal(s.averageFundPaysBeforeFen, 1500);
  assert.equal(s.averageFundPaysAfterFen, 1651);
  assert.equal(s.averageChangeFen, 151, "301 / 2 = 150.5, half up");
  assert.deepEqual(s.byVisitType.map((t) => [t.visitType, t.cases, t.changed, t.averageChangeFen]), [
    ["inpatient", 2, 1, 151],
    ["generalOutpatient", 1, 0, null],
  ]);
});
