/**
 * Whether the reimbursement estimator can answer for a benefit a check speaks about, for the person's
 * own insurance type: the check and the estimator read the same rules in force, so a benefit the
 * check calls available is estimable, or the answer says that estimates are not published for it.
 */
import type { BenefitKey, Bilingual } from "@yibao/domain";
import { pickRule, type SourcedRule } from "../rules_source.ts";

/** The visit types the estimator uses for a benefit (none: the benefit is not a reimbursement). */
export const estimateVisitTypes: Partial<Record<BenefitKey, string[]>> = {
  outpatientPooling: ["generalOutpatient"],
  chronicSpecialOutpatient: ["chronicSpecialOutpatient", "hypertensionDiabetes"],
};

/** What a check says about estimates for one benefit. */
export interface EstimateAvailability {
  status: "available" | "notPublished" | "needsInsuranceType" | "notApplicable";
  /** The visit types `POST /v1/estimates` answers for (status `available`). */
  visitTypes?: string[];
  zh: string;
  en: string;
}

const insuranceNames: Record<string, Bilingual> = {
  employee: { zh: "职工医保", en: "employee insurance" },
  resident: { zh: "城乡居民医保", en: "resident insurance" },
};

/** Estimate availability of `benefit` for a person of `insuranceType` under the rules in force. */
export function estimability(
  benefit: BenefitKey,
  insuranceType: string | undefined,
  inForce: SourcedRule[],
): EstimateAvailability {
  const types = estimateVisitTypes[benefit];
  if (!types) {
    return {
      status: "notApplicable",
      zh: "该项不涉及医疗费用报销测算。",
      en: "This benefit is not a reimbursement, so there is nothing to estimate.",
    };
  }
  if (insuranceType === undefined) {
    return {
      status: "needsInsuranceType",
      zh: "报销测算按险种计算，请先说明参加的是职工医保还是城乡居民医保。",
      en: "Estimates depend on the insurance type: say whether you have employee or resident insurance.",
    };
  }
  const name = insuranceNames[insuranceType];
  const visitTypes = name
    ? types.filter((t) =>
      ([1, 2, 3] as const).some((level) => typeof pickRule(inForce, insuranceType, t, level) === "object")
    )
    : [];
  if (visitTypes.length > 0) {
    return {
      status: "available",
      visitTypes,
      zh: `可以按本地公布的${name!.zh}报销规则测算费用。`,
      en: `Costs can be estimated under the local ${name!.en} rules.`,
    };
  }
  return {
    status: "notPublished",
    zh: name
      ? `本服务尚未收录本地${name.zh}的报销参数，暂不能测算；具体报销以参保地医保部门公布为准，可拨打 12393 咨询。`
      : "未参保，不能测算报销。",
    en: name
      ? `Estimates are not published here for local ${name.en}; the local medical insurance bureau's rules apply (hotline 12393).`
      : "Not insured, so there is nothing to estimate.",
  };
}
