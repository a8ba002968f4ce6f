import assert from "node:assert/strict";
import type { Change, PolicyContent } from "@yibao/domain";
import { draftContent } from "./content.ts";

const base: PolicyContent = {
  title: "门诊统筹",
  body: "正文".repeat(20),
  summaries: { insured: "参保人可以享受门诊统筹待遇。" },
  rules: [],
  eligibility: [],
};

Deno.test("draftContent() - changes applied, or every stale field named", () => {
  const ok: Change[] = [{ field: "title", before: "门诊统筹", after: "门诊共济" }];
  assert.equal(draftContent(base, ok).draft?.title, "门诊共济");
  const stale: Change[] = [
    { field: "title", before: "别的", after: "门诊共济" },
    { field: "body", before: "不对", after: "新正文".repeat(10) },
  ];
  const r = draftContent(base, stale);
  assert.equal(r.draft, null);
  assert.deepEqual(r.problems.map((p) => p.field), ["title", "body"]);
  const invalid = draftContent(base, [{ field: "title", before: "门诊统筹", after: "短" }]);
  assert.equal(invalid.draft, null);
  assert.deepEqual(invalid.problems.map((p) => p.field), ["title"]);
});
