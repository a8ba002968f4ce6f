import assert from "node:assert/strict";
import type { BenefitRule, PolicyContent } from "@yibao/domain";
import type { RuleOrigin, SourcedRule } from "../rules_source.ts";
import { changedRuleIds, coveredVisitTypes, withDraftRules } from "./draft_rules.ts";

const rule = (id: string, visitType: BenefitRule["visitType"] = "inpatient") =>
  ({ id, visitType, insuranceType: "employee" }) as unknown as BenefitRule;
const origin = (policyId: string): RuleOrigin => ({
  policyId,
  version: 1,
  appliesIn: ["110000"],
  citation: { title: "t", docNumber: "d", issuer: "i" },
});
const sourced = (policyId: string, id: string): SourcedRule => ({ ...origin(policyId), rule: rule(id) });
const content = (rules: BenefitRule[]) =>
  ({ title: "标题标题", body: "b", summaries: {}, rules, eligibility: [] }) as unknown as PolicyContent;

Deno.test("withDraftRules() - the policy's rules are replaced in place, the others kept in order", () => {
  const before = [sourced("local", "l1"), sourced("city", "c1"), sourced("city", "c2"), sourced("nat", "n1")];
  const after = withDraftRules(before, ["local", "city", "nat"], {
    policyId: "city",
    origin: { ...origin("city"), version: 2 },
    rules: [rule("c1-new")],
  });
  assert.deepEqual(after?.map((r) => `${r.policyId}:${r.rule.id}:${r.version}`), [
    "local:l1:1",
    "city:c1-new:2",
    "nat:n1:1",
  ]);
});

Deno.test("withDraftRules() - a policy in force without rules gets its place; one not in force gives null", () => {
  const before = [sourced("local", "l1"), sourced("nat", "n1")];
  const draft = { policyId: "prov", origin: origin("prov"), rules: [rule("p1")] };
  assert.deepEqual(
    withDraftRules(before, ["local", "prov", "nat"], draft)?.map((r) => r.rule.id),
    ["l1", "p1", "n1"],
  );
  assert.equal(withDraftRules(before, ["local", "nat"], draft), null);
});

Deno.test("changedRuleIds() and coveredVisitTypes() - from the base and the draft", () => {
  const base = content([rule("a"), rule("b", "generalOutpatient")]);
  const draft = content([
    rule("a"),
    { ...rule("b", "generalOutpatient"), annualCapFen: 5 } as BenefitRule,
    rule("c", "hypertensionDiabetes"),
  ]);
  assert.deepEqual(changedRuleIds(base, draft), ["b", "c"]);
  assert.deepEqual(changedRuleIds(base, base), []);
  assert.deepEqual(coveredVisitTypes(base, draft), [
    "inpatient",
    "generalOutpatient",
    "hypertensionDiabetes",
  ]);
});
