import assert from "node:assert/strict";
import { type EligibilityRule, eligibilityRuleSchema } from "@yibao/domain";
import { evaluate, ProfileError } from "./evaluate.ts";

const rule: EligibilityRule = eligibilityRuleSchema.parse({
  id: "test-rule",
  benefit: "familyAccountSharing",
  source: { region: "000000", year: 2026, note: "unit test rule" },
  criteria: [
    {
      id: "holder",
      fact: "insuranceType",
      op: "in",
      values: ["employee"],
      label: { zh: "参加职工医保", en: "In employee insurance" },
    },
    {
      id: "relationship",
      fact: "familyRelationship",
      op: "in",
      values: ["spouse", "parent", "child"],
      label: { zh: "家人是配偶、父母或子女", en: "A spouse, parent or child" },
    },
    { id: "adult", fact: "ageYears", op: "between", min: 18, label: { zh: "年满18周岁", en: "Aged 18+" } },
  ],
  outcome: {
    eligible: { zh: "可以共济", en: "May share" },
    notEligible: { zh: "不能共济", en: "May not share" },
  },
  nextSteps: [{ kind: "hotline", zh: "拨打12393", en: "Call 12393" }],
});

Deno.test("evaluate() - every criterion met is eligible, with the outcome's words", () => {
  const e = evaluate(rule, {
    enrollmentRegion: "110105",
    insuranceType: "employee",
    familyRelationship: "child",
    birthDate: "1990-02-28",
  }, "2026-06-01");
  assert.equal(e.status, "eligible");
  assert.deepEqual(e.summary, rule.outcome.eligible);
  assert.deepEqual(e.reasons.map((r) => r.status), ["met", "met", "met"]);
  assert.match(e.reasons[2]!.zh, /36周岁/);
});

Deno.test("evaluate() - one failed criterion is not eligible even when other facts are unknown", () => {
  const e = evaluate(rule, { enrollmentRegion: "110105", insuranceType: "resident" }, "2026-06-01");
  assert.equal(e.status, "notEligible");
  assert.deepEqual(e.reasons.map((r) => r.status), ["notMet", "unknown", "unknown"]);
  assert.match(e.reasons[0]!.zh, /城乡居民医保/);
  assert.match(e.reasons[0]!.zh, /可以是：职工医保/);
});

Deno.test("evaluate() - unknown facts ask for the profile fields, once each", () => {
  const e = evaluate(rule, { enrollmentRegion: "110105", insuranceType: "employee" }, "2026-06-01");
  assert.equal(e.status, "needsInformation");
  assert.deepEqual(e.missingFacts.map((m) => m.field), ["profile.familyRelationship", "profile.birthDate"]);
  assert.match(e.summary.zh, /还需要/);
});

Deno.test("evaluate() - age counts whole years from the birth date on the check's date, or the given age", () => {
  const base = {
    enrollmentRegion: "110105",
    insuranceType: "employee",
    familyRelationship: "spouse",
  } as const;
  assert.equal(evaluate(rule, { ...base, birthDate: "2008-06-02" }, "2026-06-01").status, "notEligible");
  assert.equal(evaluate(rule, { ...base, birthDate: "2008-06-01" }, "2026-06-01").status, "eligible");
  assert.equal(evaluate(rule, { ...base, age: 18 }, "2026-06-01").status, "eligible");
  assert.equal(
    evaluate(rule, { ...base, age: 40, birthDate: "2010-01-01" }, "2026-06-01").status,
    "notEligible",
    "the birth date wins over a stated age",
  );
});

Deno.test("evaluate() - a birth after the check's date is refused, naming the field", () => {
  assert.throws(
    () => evaluate(rule, { enrollmentRegion: "110105", birthDate: "2026-06-02" }, "2026-06-01"),
    (e: unknown) => e instanceof ProfileError && e.field === "profile.birthDate",
  );
});

Deno.test("evaluate() - a list fact meets an `in` criterion when any of its values is listed", () => {
  const chronic = eligibilityRuleSchema.parse({
    ...rule,
    benefit: "chronicSpecialOutpatient",
    criteria: [{
      id: "condition",
      fact: "conditions",
      op: "in",
      values: ["diabetes"],
      label: { zh: "糖尿病", en: "Diabetes" },
    }],
  });
  const p = { enrollmentRegion: "110105" } as const;
  assert.equal(
    evaluate(chronic, { ...p, conditions: ["other", "diabetes"] }, "2026-06-01").status,
    "eligible",
  );
  assert.equal(evaluate(chronic, { ...p, conditions: [] }, "2026-06-01").status, "notEligible");
});

Deno.test("eligibilityRuleSchema - refuses a rule a service could not evaluate", () => {
  const bad = (criteria: unknown[]) => eligibilityRuleSchema.safeParse({ ...rule, criteria }).success;
  assert.equal(bad([{ id: "x", fact: "ageYears", op: "between", label: rule.criteria[0]!.label }]), false);
  assert.equal(
    bad([{ id: "x", fact: "ageYears", op: "between", min: 9, max: 3, label: rule.criteria[0]!.label }]),
    false,
  );
  assert.equal(
    bad([{ id: "x", fact: "insuranceType", op: "in", values: ["gold"], label: rule.criteria[0]!.label }]),
    false,
  );
  assert.equal(bad([rule.criteria[0], rule.criteria[0]]), false, "criterion ids are unique");
});
