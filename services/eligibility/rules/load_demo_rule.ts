import { applyChanges, type BenefitRule, demoPolicySchema, type PolicyContent } from "@yibao/domain";
import { EstimateValidationError } from "./errors.ts";

/** A benefit rule read from a demo policy, with the policy version it comes from. */
export interface LoadedRule {
  /** The rule, as of the policy's last version. */
  rule: BenefitRule;
  /** The policy id. */
  policyId: string;
  /** The last version: 1 + the number of amendments. */
  version: number;
  /** Whether any amendment changed this rule. */
  amended: boolean;
}

/** The demo policy folder, relative to this module. */
export const demoPoliciesDir = new URL("../../../graph-schema/seed/demo/policies/", import.meta.url);

/**
 * Reads `graph-schema/seed/demo/policies/<policyId>.json`, applies its amendments in order with
 * `applyChanges`, and returns rule `ruleId` as of the last version (for tests and tools; needs read access).
 */
export async function loadDemoRule(policyId: string, ruleId: string): Promise<LoadedRule> {
  const raw = JSON.parse(await Deno.readTextFile(new URL(`${policyId}.json`, demoPoliciesDir)));
  const policy = demoPolicySchema.parse(raw);
  let content: PolicyContent = policy.initial;
  let amended = false;
  for (const amendment of policy.amendments) {
    content = applyChanges(content, amendment.changes);
    if (amendment.changes.some((c) => c.field.startsWith(`rules.${ruleId}`))) amended = true;
  }
  const rule = content.rules.find((r) => r.id === ruleId);
  if (!rule) throw new EstimateValidationError("rule", "ruleId", `policy ${policyId} has no rule ${ruleId}`);
  return { rule, policyId: policy.id, version: 1 + policy.amendments.length, amended };
}
