/**
 * The rules of the "after" side of an impact preview: the rules in force for a region, with one
 * policy's rules replaced by its draft's (base content + changes), at the policy's place in the
 * most-local-first order, so the estimator picks exactly as it would once the draft is published.
 */
import { type BenefitRule, diffContent, type PolicyContent, visitTypeSchema } from "@yibao/domain";
import type { RuleOrigin, SourcedRule } from "../rules_source.ts";
import type { VisitType } from "./panel.ts";

/** The ids of the benefit rules the draft changes, adds or removes, sorted. */
export function changedRuleIds(base: PolicyContent, draft: PolicyContent): string[] {
  const ids = new Set<string>();
  for (const c of diffContent(base, draft)) {
    const [collection, id] = c.field.split(".");
    if (collection === "rules" && id) ids.add(id);
  }
  return [...ids].sort();
}

/** The visit types the policy's rules cover, before or after the draft, in the vocabulary's order. */
export function coveredVisitTypes(base: PolicyContent, draft: PolicyContent): VisitType[] {
  const covered = new Set([...base.rules, ...draft.rules].map((r) => r.visitType));
  return visitTypeSchema.options.filter((t) => covered.has(t));
}

/**
 * `before` with the rules of `policyId` replaced by `draftRules`. `order` lists the policies in force
 * for the region, most local first (the order `before` follows); a policy with no rules today still
 * has its place there. Null when the policy is not in force in the region on the date (not yet
 * effective there, or shadowed by an override): then the draft cannot change what applies.
 */
export function withDraftRules(
  before: SourcedRule[],
  order: string[],
  draft: { policyId: string; origin: RuleOrigin; rules: BenefitRule[] },
): SourcedRule[] | null {
  if (!order.includes(draft.policyId)) return null;
  const byPolicy = new Map<string, SourcedRule[]>();
  for (const r of before) byPolicy.set(r.policyId, [...(byPolicy.get(r.policyId) ?? []), r]);
  const out: SourcedRule[] = [];
  for (const policyId of order) {
    if (policyId === draft.policyId) {
      out.push(...draft.rules.map((rule) => ({ ...draft.origin, rule })));
    } else out.push(...(byPolicy.get(policyId) ?? []));
  }
  return out;
}
