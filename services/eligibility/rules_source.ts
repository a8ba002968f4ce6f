import {
  type BenefitRule,
  benefitRuleSchema,
  type EligibilityRule,
  eligibilityRuleSchema,
} from "@yibao/domain";
import { type Graph, inForceQuery, neoDate } from "@yibao/graph";
import rulesTail from "./queries/rules_in_force.cypher" with { type: "text" };
import regionQuery from "./queries/region_exists.cypher" with { type: "text" };

const rulesQuery = inForceQuery(rulesTail);

/** Where a rule comes from: its policy version, the regions the policy applies in, the citation. */
export interface RuleOrigin {
  policyId: string;
  version: number;
  /** Where the policy applies: its pooling region(s). */
  appliesIn: string[];
  /** The citation: the version's title, the document number and the issuer. */
  citation: { title: string; docNumber: string; issuer: string };
}

/** A benefit rule with the policy version it comes from. */
export interface SourcedRule extends RuleOrigin {
  rule: BenefitRule;
}

/** An eligibility rule with the policy version it comes from. */
export interface SourcedEligibilityRule extends RuleOrigin {
  rule: EligibilityRule;
}

/** Every rule in force for one (region, date), most local policy first. */
export interface RulesInForce {
  benefit: SourcedRule[];
  eligibility: SourcedEligibilityRule[];
}

/**
 * Reads the benefit and eligibility rules in force for (enrollment region, date) from the graph,
 * most local policy first, and keeps them per instance until a policy event says they may have
 * changed: then only the regions the policy reaches are read again (`invalidate`). Each rule is
 * validated once, when it is read.
 */
export class RulesSource {
  #cache = new Map<string, { region: string; answer: Promise<RulesInForce | null> }>();

  constructor(private readonly graph: Graph, private readonly maxEntries = 5_000) {}

  /** Every benefit rule in force for the region on the date; null when the region does not exist. */
  async rulesFor(region: string, asOf: string): Promise<SourcedRule[] | null> {
    return (await this.inForce(region, asOf))?.benefit ?? null;
  }

  /** Every eligibility rule in force for the region on the date; null when the region does not exist. */
  async eligibilityFor(region: string, asOf: string): Promise<SourcedEligibilityRule[] | null> {
    return (await this.inForce(region, asOf))?.eligibility ?? null;
  }

  /** Both kinds of rule, read once per (region, date) even when many requests ask at the same moment. */
  inForce(region: string, asOf: string): Promise<RulesInForce | null> {
    const key = `${region}|${asOf}`;
    const cached = this.#cache.get(key);
    if (cached) return cached.answer;
    if (this.#cache.size >= this.maxEntries) this.#cache.clear();
    const loading = this.#load(region, asOf);
    const entry = { region, answer: loading };
    this.#cache.set(key, entry);
    // A failed read is not remembered: the next request tries the graph again.
    loading.catch(() => this.#cache.get(key) === entry && this.#cache.delete(key));
    return loading;
  }

  /**
   * Forgets the cached answers of the regions in `reach` (the regions a changed policy applies in
   * and every region below them), or of every region when `reach` is null; returns how many. An
   * answer still loading is forgotten too, so no later request is given what it read.
   */
  invalidate(reach: ReadonlySet<string> | null = null): number {
    if (reach === null) {
      const n = this.#cache.size;
      this.#cache.clear();
      return n;
    }
    let n = 0;
    for (const [key, e] of this.#cache) {
      if (reach.has(e.region)) {
        this.#cache.delete(key);
        n++;
      }
    }
    return n;
  }

  /** Answers held now. */
  get size(): number {
    return this.#cache.size;
  }

  #load(region: string, asOf: string): Promise<RulesInForce | null> {
    return this.graph.read(async (tx) => {
      if ((await tx.run(regionQuery, { code: region })).records.length === 0) return null;
      const recs =
        (await tx.run(rulesQuery, { region, asOf: neoDate(asOf), audience: null, topic: null })).records;
      const out: RulesInForce = { benefit: [], eligibility: [] };
      for (const r of recs) {
        const origin: RuleOrigin = {
          policyId: r.get("policyId") as string,
          version: r.get("version") as number,
          appliesIn: r.get("appliesIn") as string[],
          citation: {
            title: r.get("title") as string,
            docNumber: r.get("docNumber") as string,
            issuer: r.get("issuer") as string,
          },
        };
        for (const raw of JSON.parse(r.get("rules") as string) as unknown[]) {
          out.benefit.push({ ...origin, rule: benefitRuleSchema.parse(raw) });
        }
        for (const raw of JSON.parse(r.get("eligibility") as string) as unknown[]) {
          out.eligibility.push({ ...origin, rule: eligibilityRuleSchema.parse(raw) });
        }
      }
      return out;
    });
  }
}

/**
 * The most local rule for the insurance type, visit type and hospital level; `levelOutOfScope` when
 * rules exist for the types but none covers the level (e.g. a table for level 1 and below only).
 */
export function pickRule(
  rules: SourcedRule[],
  insuranceType: string,
  visitType: string,
  hospitalLevel: 1 | 2 | 3,
): SourcedRule | "levelOutOfScope" | undefined {
  const forTypes = rules.filter((r) =>
    r.rule.insuranceType === insuranceType && r.rule.visitType === visitType
  );
  if (forTypes.length === 0) return undefined;
  return forTypes.find((r) => !r.rule.hospitalLevels || r.rule.hospitalLevels.includes(hospitalLevel)) ??
    "levelOutOfScope";
}

/** True when `careRegion` lies at or below one of the regions a policy applies in. */
export function withinPooling(careRegion: string, appliesIn: string[]): boolean {
  return appliesIn.some((code) => careRegion.startsWith(code.replace(/(00)+$/, "")));
}
