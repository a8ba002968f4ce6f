import assert from "node:assert/strict";
import { applyChanges, ChangeConflictError, diffContent } from "./changes.ts";
import { type PolicyContent, policyContentSchema } from "./policy.ts";

const base: PolicyContent = policyContentSchema.parse({
  title: "测试政策标题",
  body: "这是一段足够长的测试正文，用来检查修订的应用。",
  summaries: { insured: "这是一段给参保人的测试摘要。" },
  eligibility: [{
    id: "test-newborn",
    benefit: "newbornEnrolment",
    source: { region: "000000", year: 2026, note: "unit test rule" },
    criteria: [{
      id: "window",
      fact: "ageDays",
      op: "between",
      min: 0,
      max: 90,
      label: { zh: "九十天内", en: "90 days" },
    }],
    outcome: { eligible: { zh: "可以", en: "Yes" }, notEligible: { zh: "不可以", en: "No" } },
    nextSteps: [{ kind: "hotline", zh: "拨打12393", en: "Call 12393" }],
  }],
});

Deno.test("applyChanges() - eligibility rules are addressed by id, and diffContent() finds the same field", () => {
  const next = applyChanges(base, [{
    field: "eligibility.test-newborn.criteria.0.max",
    before: 90,
    after: 180,
  }]);
  assert.equal((next.eligibility[0]!.criteria[0] as { max?: number }).max, 180);
  assert.deepEqual(diffContent(base, next), [
    { field: "eligibility.test-newborn.criteria.0.max", before: 90, after: 180 },
  ]);
});

Deno.test("applyChanges() - `before` compares by value, whatever the key order", () => {
  const criterion = base.eligibility[0]!.criteria[0]!;
  const reordered = Object.fromEntries(Object.entries(criterion).reverse());
  const next = applyChanges(base, [{
    field: "eligibility.test-newborn.criteria",
    before: [reordered],
    after: [{ ...criterion, max: 120 }],
  }]);
  assert.equal((next.eligibility[0]!.criteria[0] as { max?: number }).max, 120);
});

Deno.test("applyChanges() - a whole eligibility rule is added and removed by id", () => {
  const rule = base.eligibility[0]!;
  const removed = applyChanges(base, [{ field: "eligibility.test-newborn", before: rule, after: null }]);
  assert.equal(removed.eligibility.length, 0);
  assert.deepEqual(diffContent(base, removed), [{
    field: "eligibility.test-newborn",
    before: rule,
    after: null,
  }]);
  const added = applyChanges(removed, [{ field: "eligibility.test-newborn", before: null, after: rule }]);
  assert.deepEqual(added, base);
});

Deno.test("applyChanges() - a change that leaves an invalid version names the field as written, by rule id", () => {
  assert.throws(
    () =>
      applyChanges(base, [{
        field: "eligibility.test-newborn.criteria.0.max",
        before: 90,
        after: -1,
      }]),
    (err: unknown) => {
      assert.ok(err instanceof ChangeConflictError);
      assert.equal(err.field, "eligibility.test-newborn.criteria.0.max");
      assert.doesNotMatch(err.zh, /[A-Za-z]/, "the Chinese words hold no field path");
      return true;
    },
  );
});
