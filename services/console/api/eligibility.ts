/** The eligibility service as the console uses it: the impact preview of a draft amendment. */
import type { Caller, ServiceClient } from "./client.ts";

/** One typical visit, estimated under the rules in force and under the draft. */
export interface ImpactCase {
  description: { zh: string; en: string } | string;
  region?: { code: string; name: string } | string;
  visitType?: string;
  beforeFen: number | null;
  afterFen: number | null;
  differenceFen: number | null;
  changed?: boolean;
  coveredByChange?: boolean;
  reason?: { zh: string; en: string } | string | null;
}

/** The preview. */
export interface ImpactPreview {
  amendmentId: string;
  regions?: { code: string; name: string }[];
  cases: ImpactCase[];
  summary: Record<string, unknown> & {
    cases?: number;
    changed?: number;
    averageBeforeFen?: number | null;
    averageAfterFen?: number | null;
    averageDifferenceFen?: number | null;
    byVisitType?: Record<string, unknown>[] | Record<string, unknown>;
  };
  notEstimable?: ImpactCase[];
  note?: { zh: string; en: string } | string;
}

/** Estimates typical visits under the rules in force and as the draft amendment would leave them. */
export async function impactPreview(
  eligibility: ServiceClient,
  caller: Caller,
  amendmentId: string,
): Promise<ImpactPreview> {
  return (await eligibility.request<ImpactPreview>(caller, "POST", "/v1/impact-previews", {
    body: { amendmentId },
  })).data;
}
