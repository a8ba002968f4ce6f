/** The eligibility service as the console uses it: the impact preview of a draft amendment. */
import type { Caller, ServiceClient } from "./client.ts";

/** A text in both languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** One typical visit, estimated under the rules in force and under the draft. */
export interface ImpactCase {
  id: string;
  region: string;
  description: Bilingual;
  visit: { type: string; hospitalLevel: number; totalFen: number };
  fundPaysBeforeFen: number | null;
  fundPaysAfterFen: number | null;
  differenceFen: number | null;
  changed: boolean;
  coveredByChangedRule: boolean;
  notEstimated?: { before?: Bilingual; after?: Bilingual };
}

/** Counts and averages over a set of cases. */
export interface ImpactTotals {
  cases: number;
  estimated: number;
  notEstimated: number;
  changed: number;
  averageFundPaysBeforeFen: number | null;
  averageFundPaysAfterFen: number | null;
  averageChangeFen: number | null;
}

/** The preview. */
export interface ImpactPreview {
  amendmentId: string;
  policyId: string;
  asOf: string;
  changedRules: string[];
  regions: {
    code: string;
    name: string;
    fullName: string;
    representative: boolean;
    policyInForce: boolean;
    omitted: boolean;
  }[];
  panel: { maxCases: number; cases: number; truncated: boolean };
  summary: ImpactTotals & { byVisitType: (ImpactTotals & { visitType: string })[] };
  cases: ImpactCase[];
}

/** Estimates typical visits under the rules in force and as the draft amendment would leave them. */
export async function impactPreview(
  eligibility: ServiceClient,
  caller: Caller,
  amendmentId: string,
): Promise<ImpactPreview> {
  return (await eligibility.request<ImpactPreview>(caller, "POST", "/v1/impact-previews", {
    body: { amendmentId },
  }))
    .data;
}
