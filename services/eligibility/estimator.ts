import { ProblemError } from "@yibao/kit";
import type { EstimateRequest } from "./estimate_request.ts";
import { type Estimate, estimate, EstimateValidationError, MAX_VISIT_FEN } from "./rules/mod.ts";
import { pickRule, type RulesSource, type SourcedRule, withinPooling } from "./rules_source.ts";

/** An estimate with the rule it came from and how the visit was classified. */
export interface EstimateAnswer extends Estimate {
  rule: { id: string; policyId: string; version: number };
  crossRegion: boolean;
  asOf: string;
}

/**
 * Answers one request: the enrollment region's rule for the insurance and visit type as of the
 * visit date (or `asOf`), the visit counted as cross-region when the care region lies outside the
 * rule's pooling region, and the estimate. Problems name the field at fault.
 */
export async function answerEstimate(
  rules: RulesSource,
  req: EstimateRequest,
  path = "body",
): Promise<EstimateAnswer> {
  const asOf = req.asOf ?? req.visit.date;
  const inForce = await rules.rulesFor(req.person.enrollmentRegion, asOf);
  if (inForce === null) {
    throw new ProblemError("notFound", {
      zh: `未找到参保地「${req.person.enrollmentRegion}」`,
      en: `Region "${req.person.enrollmentRegion}" was not found`,
    }, { errors: [{ path: `${path}.person.enrollmentRegion`, message: "unknown region" }] });
  }
  return answerFromRules(inForce, req, { asOf, path });
}

/**
 * Answers one request from a given list of rules in force (most local first) instead of the graph's:
 * the estimate route passes what the graph holds, an impact preview the same list with a draft's rules
 * in place of its policy's. Problems name the field at fault.
 */
export function answerFromRules(
  inForce: SourcedRule[],
  req: EstimateRequest,
  options: { asOf: string; path?: string },
): EstimateAnswer {
  const { asOf, path = "body" } = options;
  const sourced = pickRule(inForce, req.person.insuranceType, req.visit.type, req.visit.hospitalLevel);
  if (sourced === "levelOutOfScope") {
    throw new ProblemError("unprocessable", {
      zh:
        `参保地 ${req.person.enrollmentRegion} 在 ${asOf} 的待遇规则不适用于${req.visit.hospitalLevel}级医疗机构`,
      en:
        `No benefit rule in ${req.person.enrollmentRegion} on ${asOf} covers a level-${req.visit.hospitalLevel} hospital`,
    }, {
      errors: [{
        path: `${path}.visit.hospitalLevel`,
        message: "no rule in force covers this hospital level",
      }],
    });
  }
  if (!sourced) {
    throw new ProblemError("unprocessable", {
      zh: `参保地 ${req.person.enrollmentRegion} 在 ${asOf} 没有适用于该险种和就诊类型的待遇规则`,
      en:
        `No benefit rule for ${req.person.insuranceType} ${req.visit.type} in ${req.person.enrollmentRegion} on ${asOf}`,
    }, {
      errors: [{ path: `${path}.visit.type`, message: "no rule in force for this insurance and visit type" }],
    });
  }
  const amounts = visitAmounts(req.visit, path);
  const crossRegion = !withinPooling(req.visit.careRegion, sourced.appliesIn);
  try {
    const e = estimate(sourced.rule, {
      person: {
        insuranceType: req.person.insuranceType,
        employment: req.person.employment,
        age: req.person.age,
      },
      visit: {
        type: req.visit.type,
        hospitalLevel: req.visit.hospitalLevel,
        crossRegion,
        ...(crossRegion ? { registered: req.visit.registered ?? false } : {}),
        amounts,
        ...(req.visit.items ? { items: req.visit.items } : {}),
      },
      ...(req.yearToDate ? { yearToDate: req.yearToDate } : {}),
    }, { policyId: sourced.policyId, version: sourced.version });
    return {
      ...e,
      rule: { id: sourced.rule.id, policyId: sourced.policyId, version: sourced.version },
      crossRegion,
      asOf,
    };
  } catch (err) {
    if (err instanceof EstimateValidationError) {
      throw new ProblemError("unprocessable", { zh: `无法测算：${err.message}`, en: err.message }, {
        errors: [{
          path: err.source === "rule" ? `rule.${err.field}` : `${path}.${err.field}`,
          message: err.message,
        }],
      });
    }
    throw err;
  }
}

type Amounts = { classAFen: number; classBFen: number; selfPayFen: number };

const classField = { classA: "classAFen", classB: "classBFen", selfPay: "selfPayFen" } as const;

/**
 * The class totals of a visit: from `amounts`, or summed from `items`; when both are given they
 * must agree, and a stated `totalFen` must equal the sum of the classes (422 naming the field).
 */
export function visitAmounts(visit: EstimateRequest["visit"], path = "body"): Amounts {
  let amounts = visit.amounts;
  if (visit.items) {
    const summed: Amounts = { classAFen: 0, classBFen: 0, selfPayFen: 0 };
    for (const item of visit.items) summed[classField[item.class]] += item.amountFen;
    for (const [k, v] of Object.entries(summed) as [keyof Amounts, number][]) {
      if (v > MAX_VISIT_FEN) {
        throw mismatch(`${path}.visit.items`, `the ${k} items add up to more than ${MAX_VISIT_FEN} fen`);
      }
      if (amounts && amounts[k] !== v) {
        throw mismatch(
          `${path}.visit.amounts.${k}`,
          `is ${amounts[k]} but the items of that class add up to ${v}`,
        );
      }
    }
    amounts = summed;
  }
  const sum = amounts!.classAFen + amounts!.classBFen + amounts!.selfPayFen;
  if (visit.totalFen !== undefined && visit.totalFen !== sum) {
    throw mismatch(
      `${path}.visit.totalFen`,
      `is ${visit.totalFen} but class A + class B + self-pay = ${sum}`,
    );
  }
  return amounts!;
}

function mismatch(field: string, message: string): ProblemError {
  return new ProblemError("unprocessable", {
    zh: `费用不一致：${field} ${message}`,
    en: `Amounts do not add up: ${field} ${message}`,
  }, { errors: [{ path: field, message }] });
}
