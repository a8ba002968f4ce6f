import { type Bilingual, type EligibilityRule, shanghaiToday } from "@yibao/domain";
import { ProblemError } from "@yibao/kit";
import type { RulesSource } from "../rules_source.ts";
import { evaluate, type Evaluation, ProfileError } from "./evaluate.ts";
import type { CheckRequest } from "./profile.ts";
import { estimability, type EstimateAvailability } from "./estimability.ts";

/** The answer for one benefit key, with the rule and policy version it came from. */
export interface CheckResult extends Evaluation {
  benefit: string;
  options?: EligibilityRule["options"];
  nextSteps: EligibilityRule["nextSteps"];
  /** Whether `POST /v1/estimates` answers for this benefit and the person's insurance type. */
  estimate: EstimateAvailability;
  citation: {
    ruleId: string;
    policyId: string;
    version: number;
    title: string;
    docNumber: string;
    issuer: string;
    source: EligibilityRule["source"];
  };
}

/** The answers of one check, in the order the benefits were asked. */
export interface CheckAnswer {
  enrollmentRegion: string;
  asOf: string;
  results: CheckResult[];
}

const benefitNames: Record<string, Bilingual> = {
  crossRegionRegistration: { zh: "异地就医备案", en: "cross-region care registration" },
  chronicSpecialOutpatient: { zh: "门诊慢特病", en: "chronic and special outpatient cover" },
  familyAccountSharing: { zh: "家庭共济", en: "family account sharing" },
  flexibleWorkerEnrolment: { zh: "灵活就业人员参保", en: "flexible-worker enrolment" },
  newbornEnrolment: { zh: "新生儿参保", en: "newborn enrolment" },
  outpatientPooling: { zh: "普通门诊统筹", en: "general outpatient pooling" },
};

/**
 * Answers a check: the eligibility rules in force for the enrollment region on `asOf` (default
 * today in Asia/Shanghai), the most local rule per benefit, each evaluated for the profile.
 */
export async function answerCheck(rules: RulesSource, req: CheckRequest): Promise<CheckAnswer> {
  const asOf = req.asOf ?? shanghaiToday();
  const region = req.profile.enrollmentRegion;
  const inForce = await rules.eligibilityFor(region, asOf);
  if (inForce === null) {
    throw new ProblemError("notFound", {
      zh: `未找到参保地「${region}」`,
      en: `Region "${region}" was not found`,
    }, {
      errors: [{
        path: "body.profile.enrollmentRegion",
        message: { zh: "没有这个地区代码", en: "Unknown region" },
      }],
    });
  }
  const picked = req.benefits.map((key) => inForce.find((r) => r.rule.benefit === key));
  const absent = req.benefits.flatMap((key, i) => (picked[i] ? [] : [{ key, i }]));
  if (absent.length > 0) {
    const names = absent.map(({ key }) => benefitNames[key]!);
    throw new ProblemError("unprocessable", {
      zh: `参保地 ${region} 在 ${asOf} 没有「${names.map((n) => n.zh).join("、")}」的资格规则`,
      en: `No eligibility rule for ${names.map((n) => n.en).join(", ")} in ${region} on ${asOf}`,
    }, {
      errors: absent.map(({ key, i }) => ({
        path: `body.benefits.${i}`,
        message: {
          zh: `${asOf} 没有「${benefitNames[key]!.zh}」的资格规则`,
          en: `No eligibility rule for ${benefitNames[key]!.en} in force on ${asOf}`,
        },
      })),
    });
  }
  const benefitRules = (await rules.rulesFor(region, asOf)) ?? [];
  try {
    const results = req.benefits.map((key, i): CheckResult => {
      const sourced = picked[i]!;
      return {
        benefit: key,
        ...evaluate(sourced.rule, req.profile, asOf),
        ...(sourced.rule.options ? { options: sourced.rule.options } : {}),
        nextSteps: sourced.rule.nextSteps,
        estimate: estimability(key, req.profile.insuranceType, benefitRules),
        citation: {
          ruleId: sourced.rule.id,
          policyId: sourced.policyId,
          version: sourced.version,
          ...sourced.citation,
          source: sourced.rule.source,
        },
      };
    });
    return { enrollmentRegion: region, asOf, results };
  } catch (err) {
    if (err instanceof ProfileError) {
      throw new ProblemError("unprocessable", { zh: `个人信息有误：${err.zh}`, en: err.message }, {
        errors: [{ path: `body.${err.field}`, message: { zh: err.zh, en: err.message } }],
      });
    }
    throw err;
  }
}
