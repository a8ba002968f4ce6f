import { type BenefitRule, benefitRuleSchema } from "@yibao/domain";
import { type Graph, inForceQuery, neoDate } from "@yibao/graph";
import rulesTail from "./queries/rules_in_force.cypher" with { type: "text" };
import regionQuery from "./queries/region_exists.cypher" with { type: "text" };

const rulesQuery = inForceQuery(rulesTail);

/** A benefit rule with the policy version it comes from. */
export interface SourcedRule {
  rule: BenefitRule;
  policyId: string;
  version: number;
  /** Where the policy applies: its pooling region(s). */
  appliesIn: string[];
  /** The citation: the version's title, the document number and the issuer. */
  citation: { title: string; docNumber: string; issuer: string };
}

/**
 * Reads the benefit rules in force for (enrollment region, date) from the graph, most local policy
 * first, and keeps them per instance until a policy event says they may have changed.
 */
export class RulesSource {
  #cache = new Map<string, SourcedRule[] | null>();

  constructor(private readonly graph: Graph, private readonly maxEntries = 5_000) {}

  /** Every rule in force for the region on the date; null when the region does not exist. */
  async rulesFor(region: string, asOf: string): Promise<SourcedRule[] | null> {
    const key = `${region}|${asOf}`;
    if (this.#cache.has(key)) return this.#cache.get(key)!;
    const rules = await this.graph.read(async (tx) => {
      if ((await tx.run(regionQuery, { code: region })).records.length === 0) return null;
      const recs =
        (await tx.run(rulesQuery, { region, asOf: neoDate(asOf), audience: null, topic: null })).records;
      return recs.flatMap((r) =>
        (JSON.parse(r.get("rules") as string) as unknown[]).map((raw) => ({
          rule: benefitRuleSchema.parse(raw),
          policyId: r.get("policyId") as string,
          version: r.get("version") as number,
          appliesIn: r.get("appliesIn") as string[],
          citation: {
            title: r.get("title") as string,
            docNumber: r.get("docNumber") as string,
            issuer: r.get("issuer") as string,
          },
        }))
      );
    });
    if (this.#cache.size >= this.maxEntries) this.#cache.clear();
    this.#cache.set(key, rules);
    return rules;
  }

  /** Forgets every cached answer (any policy change may touch any region's rules). */
  invalidate(): number {
    const n = this.#cache.size;
    this.#cache.clear();
    return n;
  }
}

/** The most local rule for the insurance type and visit type, or undefined. */
export function pickRule(
  rules: SourcedRule[],
  insuranceType: string,
  visitType: string,
): SourcedRule | undefined {
  return rules.find((r) => r.rule.insuranceType === insuranceType && r.rule.visitType === visitType);
}

/** True when `careRegion` lies at or below one of the regions a policy applies in. */
export function withinPooling(careRegion: string, appliesIn: string[]): boolean {
  return appliesIn.some((code) => careRegion.startsWith(code.replace(/(00)+$/, "")));
}
