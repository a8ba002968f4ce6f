import assert from "node:assert/strict";
import { buildPanel, describeCase, MAX_PANEL_CASES, splitBill } from "./panel.ts";

Deno.test("splitBill() - 70% class A, 20% class B, 10% self-pay, adding up to the total", () => {
  assert.deepEqual(splitBill(2_000_000), { classAFen: 1_400_000, classBFen: 400_000, selfPayFen: 200_000 });
  assert.deepEqual(splitBill(80_000), { classAFen: 56_000, classBFen: 16_000, selfPayFen: 8_000 });
});

Deno.test("describeCase() - Chinese first, amounts in yuan", () => {
  const d = describeCase({
    person: { insuranceType: "employee", employment: "employed", age: 45 },
    visit: { type: "inpatient", hospitalLevel: 3, totalFen: 2_000_000, amounts: splitBill(2_000_000) },
  });
  assert.equal(d.zh, "职工 · 在职 · 三级医院 · 住院 · 总费用 20,000 元");
  assert.equal(d.en, "Employee · employed · 3rd-level hospital · inpatient · total 20,000 yuan");
  const r = describeCase({
    person: { insuranceType: "resident", employment: "other", age: 45 },
    visit: { type: "generalOutpatient", hospitalLevel: 1, totalFen: 80_000, amounts: splitBill(80_000) },
  });
  assert.equal(r.zh, "居民 · 一级医院 · 普通门诊统筹 · 总费用 800 元");
});

Deno.test("buildPanel() - 3 people × 3 levels × visit types × 4 bills per region, in a fixed order", () => {
  const p = buildPanel(["370600", "110000"], ["inpatient", "generalOutpatient"]);
  assert.equal(p.cases.length, 2 * 3 * 3 * 2 * 4);
  assert.deepEqual(p.omittedRegions, []);
  assert.equal(p.cases[0]!.id, "370600.employee.employed.1.inpatient.80000");
  assert.equal(p.cases[1]!.id, "370600.employee.employed.1.inpatient.500000");
  assert.equal(p.cases[4]!.id, "370600.employee.employed.1.generalOutpatient.80000");
  assert.equal(p.cases[72]!.region, "110000");
  assert.equal(new Set(p.cases.map((c) => c.id)).size, p.cases.length, "ids are unique");
  assert.deepEqual(buildPanel(["370600", "110000"], ["inpatient", "generalOutpatient"]), p, "deterministic");
});

Deno.test("buildPanel() - whole regions beyond the bound are left out and named", () => {
  const regions = ["110000", "320700", "370600", "511600"];
  const p = buildPanel(regions, [
    "inpatient",
    "generalOutpatient",
    "chronicSpecialOutpatient",
    "hypertensionDiabetes",
  ]);
  assert.equal(p.cases.length, 3 * 144);
  assert.ok(p.cases.length <= MAX_PANEL_CASES);
  assert.deepEqual(p.omittedRegions, ["511600"]);
  assert.deepEqual(buildPanel(regions, []).cases, [], "no visit types, no cases");
});
