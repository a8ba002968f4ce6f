/**
 * Comparing the two sides of an impact preview, case by case, and summing up.
 *
 * 1. A side is an estimate (what the fund pays, the rule) or the reason it could not be made.
 * 2. A case changes when the fund pays a different amount, or when one side can be estimated and the
 *    other cannot. It is covered by a changed rule when either side's rule is one the draft changes.
 * 3. Averages are over the cases estimated on both sides, in fen, rounded half up (toward +∞ at .5,
 *    so an average change of −2.5 fen is −2).
 */
import type { PanelCase, VisitType } from "./panel.ts";

/** One side of a case: an estimate, or why none could be made. */
export type Outcome =
  | { fundPaysFen: number; rule: { id: string; policyId: string; version: number } }
  | { problem: { zh: string; en: string } };

/** A case with both sides compared. */
export interface CaseResult {
  id: string;
  region: string;
  description: { zh: string; en: string };
  person: PanelCase["person"];
  visit: PanelCase["visit"];
  fundPaysBeforeFen: number | null;
  fundPaysAfterFen: number | null;
  /** After − before; null when a side could not be estimated. */
  differenceFen: number | null;
  changed: boolean;
  coveredByChangedRule: boolean;
  ruleBefore: { id: string; policyId: string; version: number } | null;
  ruleAfter: { id: string; policyId: string; version: number } | null;
  /** Why a side could not be estimated (Chinese, English). */
  notEstimated?: { before?: { zh: string; en: string }; after?: { zh: string; en: string } };
}

/** Counts and averages over a set of cases. */
export interface Totals {
  cases: number;
  /** Cases estimated on both sides: the averages are over these. */
  estimated: number;
  notEstimated: number;
  changed: number;
  averageFundPaysBeforeFen: number | null;
  averageFundPaysAfterFen: number | null;
  averageChangeFen: number | null;
}

/** The preview's summary: all cases, then per visit type in the panel's order. */
export interface ImpactSummary extends Totals {
  byVisitType: (Totals & { visitType: VisitType })[];
}

/** The two sides of one case, compared. */
export function compareCase(
  c: PanelCase,
  before: Outcome,
  after: Outcome,
  changed: { policyId: string; ruleIds: readonly string[] },
): CaseResult {
  const fund = (o: Outcome) => ("fundPaysFen" in o ? o.fundPaysFen : null);
  const rule = (o: Outcome) => ("rule" in o ? o.rule : null);
  const b = fund(before);
  const a = fund(after);
  const covers = (o: Outcome) => {
    const r = rule(o);
    return r !== null && r.policyId === changed.policyId && changed.ruleIds.includes(r.id);
  };
  const notEstimated = {
    ...("problem" in before ? { before: before.problem } : {}),
    ...("problem" in after ? { after: after.problem } : {}),
  };
  return {
    id: c.id,
    region: c.region,
    description: c.description,
    person: c.person,
    visit: c.visit,
    fundPaysBeforeFen: b,
    fundPaysAfterFen: a,
    differenceFen: a !== null && b !== null ? a - b : null,
    changed: a !== b,
    coveredByChangedRule: covers(before) || covers(after),
    ruleBefore: rule(before),
    ruleAfter: rule(after),
    ...(Object.keys(notEstimated).length > 0 ? { notEstimated } : {}),
  };
}

/** `sum / n` rounded half up (toward +∞ at exactly .5), exact for any safe integers. */
export function averageHalfUp(sum: number, n: number): number {
  const s = BigInt(sum);
  const d = BigInt(n);
  // floor((2s + d) / 2d), with a floor that also holds for negative numerators
  const num = 2n * s + d;
  const den = 2n * d;
  const q = num / den;
  return Number(num % den !== 0n && num < 0n ? q - 1n : q);
}

function totals(results: CaseResult[]): Totals {
  const both = results.filter((r) => r.differenceFen !== null);
  const avg = (f: (r: CaseResult) => number) =>
    both.length === 0 ? null : averageHalfUp(both.reduce((s, r) => s + f(r), 0), both.length);
  return {
    cases: results.length,
    estimated: both.length,
    notEstimated: results.length - both.length,
    changed: results.filter((r) => r.changed).length,
    averageFundPaysBeforeFen: avg((r) => r.fundPaysBeforeFen!),
    averageFundPaysAfterFen: avg((r) => r.fundPaysAfterFen!),
    averageChangeFen: avg((r) => r.differenceFen!),
  };
}

/** The summary over every case and per visit type (in the order the types first appear). */
export function summarize(results: CaseResult[]): ImpactSummary {
  const types: VisitType[] = [];
  for (const r of results) if (!types.includes(r.visit.type)) types.push(r.visit.type);
  return {
    ...totals(results),
    byVisitType: types.map((visitType) => ({
      visitType,
      ...totals(results.filter((r) => r.visit.type === visitType)),
    })),
  };
}
