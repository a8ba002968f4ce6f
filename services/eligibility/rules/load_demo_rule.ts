import type { BenefitRule } from "@yibao/domain";
import { type DemoData, readDemoData } from "@yibao/graph-schema/demo";
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

let demo: Promise<DemoData> | undefined;

/**
 * Rule `ruleId` of demo policy `policyId` as of its last version (the demo data checker applies
 * the amendments in order). For tests and tools; needs read access.
 */
export async function loadDemoRule(policyId: string, ruleId: string): Promise<LoadedRule> {
  const found = (await demoRules()).find((r) => r.policyId === policyId && r.rule.id === ruleId);
  if (!found) throw new EstimateValidationError("rule", "ruleId", `policy ${policyId} has no rule ${ruleId}`);
  return found;
}

/** Every benefit rule of the demo policies, as of each policy's last version. */
export async function demoRules(): Promise<LoadedRule[]> {
  demo ??= readDemoData();
  const out: LoadedRule[] = [];
  for (const { policy, versions } of (await demo).policies) {
    const last = versions[versions.length - 1]!;
    for (const rule of last.content.rules) {
      const amended = policy.amendments.some((a) =>
        a.changes.some((c) => c.field.startsWith(`rules.${rule.id}`))
      );
      out.push({ rule, policyId: policy.id, version: last.version, amended });
    }
  }
  return out;
}
