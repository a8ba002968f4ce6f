import assert from "node:assert/strict";
import { percentPattern, staleFigures, yuanPattern } from "./stale_figures.ts";
import type { PolicyContent } from "@yibao/domain";

const quotes = (re: RegExp, text: string) => [...text.matchAll(re)].map((m) => m[0]);

Deno.test("yuanPattern() - finds an amount as Chinese text writes it, never inside a larger number", () => {
  const re = yuanPattern(180_000);
  assert.deepEqual(quotes(re, "起付线1800元；另写作1,800 元、1800 元。"), ["1800元", "1,800 元", "1800 元"]);
  assert.deepEqual(quotes(re, "11800元、21,800元、1800人"), []);
  assert.deepEqual(quotes(yuanPattern(1_800_000), "限额1.8万元，即18000元"), ["1.8万元", "18000元"]);
  assert.deepEqual(quotes(yuanPattern(2_000_000), "超过2万元的部分"), ["2万元"]);
});

Deno.test("percentPattern() - finds a rate as a percent", () => {
  const re = percentPattern(8_500);
  assert.deepEqual(quotes(re, "报销85%，退休 85 ％，不是185%或0.85%"), ["85%", "85 ％"]);
});

Deno.test("staleFigures() - texts quoting a changed parameter's old figure are warnings, by field", () => {
  const draft = {
    title: "t",
    body: "职工起付线1,800 元，报销比例90%。",
    summaries: { elderly: "起付线1800元。", insured: "起付线1500元。" },
    rules: [],
    eligibility: [{
      id: "bj-x",
      outcome: {
        eligible: { zh: "起付线1800元", en: "a deductible of 1,800 yuan" },
        notEligible: { zh: "无", en: "no" },
      },
    }],
  } as unknown as PolicyContent;
  const w = staleFigures(draft, [
    { field: "rules.bj-employee-outpatient.deductible.amountsFen.employed", before: 180_000, after: 150_000 },
    { field: "rules.bj-employee-outpatient.rates.bands.0.rateByLevelBp.1", before: 9_000, after: 9_000 },
  ]);
  assert.deepEqual(w.map((x) => [x.field, x.quote]), [
    ["body", "1,800 元"],
    ["summaries.elderly", "1800元"],
    ["eligibility.bj-x.outcome.eligible.zh", "1800元"],
  ]);
  assert.match(w[0]!.message.zh, /1,800 元/);
  assert.deepEqual(staleFigures(draft, [{ field: "body", before: "a", after: "b" }]), []);
});
