import assert from "node:assert/strict";
import type { PolicyContent } from "@yibao/domain";
import {
  changesBetween,
  contentFromForm,
  formOf,
  inputForError,
  parametersOf,
  paramInput,
} from "./draft_form.ts";

const base = {
  title: "测试住院待遇",
  body: "正文：住院起付线和报销比例如下。",
  summaries: { insured: "参保人住院可按比例报销，起付线以上部分由基金支付。" },
  rules: [{
    id: "t-inpatient",
    insuranceType: "employee",
    visitType: "inpatient",
    source: { region: "110000", year: 2025, note: "测试数据" },
    deductible: { kind: "perYear", amountFen: 130000 },
    rates: { base: "aboveDeductible", bands: [{ fromFen: 0, toFen: null, rateBp: 8500 }] },
    adjustments: [],
    classBSelfPayBp: 1000,
    annualCapFen: null,
    annualCapUnpublished: false,
    rounding: ["band"],
  }],
  eligibility: [],
} as unknown as PolicyContent;

Deno.test("parametersOf() - money and rate leaves of the rules, nothing else", () => {
  const fields = parametersOf(base).map((p) => p.field);
  assert.deepEqual(fields, [
    "rules.t-inpatient.deductible.amountFen",
    "rules.t-inpatient.rates.bands.0.fromFen",
    "rules.t-inpatient.rates.bands.0.toFen",
    "rules.t-inpatient.rates.bands.0.rateBp",
    "rules.t-inpatient.classBSelfPayBp",
    "rules.t-inpatient.annualCapFen",
  ]);
});

Deno.test("contentFromForm() - an unchanged form makes no change; a typed deductible and rate become fen and basis points", () => {
  const form = formOf(base, { summary: "调整", effectiveFrom: "2027-01-01" });
  assert.deepEqual(changesBetween(base, contentFromForm(base, form, "zh").content), []);
  form.params["rules.t-inpatient.deductible.amountFen"] = "1,500";
  form.params["rules.t-inpatient.rates.bands.0.rateBp"] = "87.5";
  const { content, errors } = contentFromForm(base, form, "zh");
  assert.deepEqual(errors, {});
  assert.deepEqual(changesBetween(base, content), [
    { field: "rules.t-inpatient.deductible.amountFen", before: 130000, after: 150000 },
    { field: "rules.t-inpatient.rates.bands.0.rateBp", before: 8500, after: 8750 },
  ]);
});

Deno.test("contentFromForm() - a wrongly typed amount is an error on its own input", () => {
  const form = formOf(base, { summary: "调整", effectiveFrom: "2027-01-01" });
  form.params["rules.t-inpatient.deductible.amountFen"] = "一千五";
  form.params["rules.t-inpatient.classBSelfPayBp"] = "120";
  const { errors } = contentFromForm(base, form, "en");
  assert.match(errors[paramInput("rules.t-inpatient.deductible.amountFen")]!, /yuan/);
  assert.match(errors[paramInput("rules.t-inpatient.classBSelfPayBp")]!, /percentage/);
});

Deno.test("inputForError() - service field paths land on the input that caused them", () => {
  const changes = [{ field: "rules.t-inpatient.rates.bands.0.rateBp", before: 8500, after: 8750 }];
  assert.equal(inputForError("body.summary", changes), "summary");
  assert.equal(inputForError("body.changes.0.after", changes), "p:rules.t-inpatient.rates.bands.0.rateBp");
  assert.equal(
    inputForError("body.changes(rules.t-inpatient.rates.bands.0.rateBp)", changes),
    "p:rules.t-inpatient.rates.bands.0.rateBp",
  );
  assert.equal(
    inputForError("rules.t-inpatient.deductible.amountFen", changes),
    "p:rules.t-inpatient.deductible.amountFen",
  );
  assert.equal(
    inputForError("body.changes.0", [{ field: "summaries.elderly", before: null, after: "x" }]),
    "s:elderly",
  );
});
