import assert from "node:assert/strict";
import type { PolicyContent } from "@yibao/domain";
import { fieldLabel } from "./rule_labels.ts";

const content = {
  title: "t",
  body: "b",
  summaries: {},
  eligibility: [],
  rules: [
    {
      id: "yt",
      insuranceType: "employee",
      visitType: "inpatient",
      deductible: { kind: "byHospitalLevel", amountsFen: { "1": 20000, "2": 50000, "3": 80000 } },
      rates: {
        base: "aboveDeductible",
        bands: [{ fromFen: 0, toFen: null, rateByLevelBp: { "1": 9000, "2": 8500, "3": 8000 } }],
      },
    },
    {
      id: "bj",
      insuranceType: "employee",
      visitType: "inpatient",
      deductible: { kind: "perAdmission", amountsFen: [130000, 65000] },
      rates: { base: "aboveDeductible", bands: [{ fromFen: 0, toFen: null, rateBp: 9000 }] },
    },
  ],
} as unknown as PolicyContent;

Deno.test("fieldLabel() - by-level tables name the level; per-admission lists name the admission", () => {
  assert.equal(
    fieldLabel("rules.yt.deductible.amountsFen.3", content, "zh"),
    "待遇规则 · 职工 · 住院 · 起付线 · 金额 · 3 级医院",
  );
  assert.equal(
    fieldLabel("rules.yt.rates.bands.0.rateByLevelBp.1", content, "zh"),
    "待遇规则 · 职工 · 住院 · 报销比例 · 分段 · 第 1 段 · 比例 · 1 级医院",
  );
  assert.equal(
    fieldLabel("rules.bj.deductible.amountsFen.1", content, "en"),
    "Benefit rule · Employee · inpatient · Deductible · amount · admission 2",
  );
  assert.equal(fieldLabel("summaries.elderly", content, "zh"), "通俗解读 · 老年人");
});
