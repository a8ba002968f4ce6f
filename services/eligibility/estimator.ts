import { ProblemError } from "@yibao/kit";
import type { EstimateRequest } from "./estimate_request.ts";
import {
  emptyYearToDate,
  type Estimate,
  estimateParsed,
  EstimateValidationError,
  MAX_VISIT_FEN,
} from "./rules/mod.ts";
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
    }, {
      errors: [{
        path: `${path}.person.enrollmentRegion`,
        message: { zh: "没有这个地区代码", en: "Unknown region" },
      }],
    });
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
        message: {
          zh: `该地区的待遇规则不适用于${req.visit.hospitalLevel}级医疗机构`,
          en: "No rule in force covers this hospital level",
        },
      }],
    });
  }
  if (!sourced) {
    throw new ProblemError("unprocessable", {
      zh: `参保地 ${req.person.enrollmentRegion} 在 ${asOf} 没有适用于该险种和就诊类型的待遇规则`,
      en:
        `No benefit rule for ${req.person.insuranceType} ${req.visit.type} in ${req.person.enrollmentRegion} on ${asOf}`,
    }, {
      errors: [{
        path: `${path}.visit.type`,
        message: {
          zh: "该地区没有公布适用于该险种和就诊类型的报销规则",
          en: "No rule in force for this insurance and visit type",
        },
      }],
    });
  }
  const amounts = visitAmounts(req.visit, path);
  const crossRegion = !withinPooling(req.visit.careRegion, sourced.appliesIn);
  try {
    // the request's fields were parsed at the edge with the estimator's own schemas: not again
    const e = estimateParsed(sourced.rule, {
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
      yearToDate: req.yearToDate ?? emptyYearToDate,
    }, { policyId: sourced.policyId, version: sourced.version });
    return {
      ...e,
      rule: { id: sourced.rule.id, policyId: sourced.policyId, version: sourced.version },
      crossRegion,
      asOf,
    };
  } catch (err) {
    if (err instanceof EstimateValidationError) {
      const zh = err.source === "rule"
        ? "该地区的报销规则数据不完整，暂时无法测算；请拨打医保服务热线 12393 咨询"
        : err.zh ?? "测算所需的信息有误，无法测算";
      throw new ProblemError("unprocessable", { zh: `无法测算：${zh}`, en: err.message }, {
        errors: [{
          path: err.source === "rule" ? `rule.${err.field}` : `${path}.${err.field}`,
          message: { zh, en: err.message },
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
        throw mismatch(`${path}.visit.items`, {
          zh: `${classNames[k].zh}明细合计超过 ${yuan(MAX_VISIT_FEN)} 元`,
          en: `the ${classNames[k].en} items add up to more than ${yuan(MAX_VISIT_FEN)} yuan`,
        });
      }
      if (amounts && amounts[k] !== v) {
        throw mismatch(`${path}.visit.amounts.${k}`, {
          zh: `${classNames[k].zh}金额为 ${yuan(amounts[k])} 元，但该类明细合计 ${yuan(v)} 元`,
          en: `${classNames[k].en} is ${yuan(amounts[k])} yuan but the items of that class add up to ${
            yuan(v)
          } yuan`,
        });
      }
    }
    amounts = summed;
  }
  const sum = amounts!.classAFen + amounts!.classBFen + amounts!.selfPayFen;
  if (visit.totalFen !== undefined && visit.totalFen !== sum) {
    throw mismatch(`${path}.visit.totalFen`, {
      zh: `总费用为 ${yuan(visit.totalFen)} 元，但甲类、乙类、自费合计 ${yuan(sum)} 元`,
      en: `the total is ${yuan(visit.totalFen)} yuan but class A + class B + self-pay = ${yuan(sum)} yuan`,
    });
  }
  return amounts!;
}

const classNames: Record<keyof Amounts, { zh: string; en: string }> = {
  classAFen: { zh: "甲类", en: "class A" },
  classBFen: { zh: "乙类", en: "class B" },
  selfPayFen: { zh: "自费", en: "self-pay" },
};

/** Fen as yuan for people: `1,234.5`. */
function yuan(fen: number): string {
  return (fen / 100).toLocaleString("en-US", { maximumFractionDigits: 2 });
}

function mismatch(field: string, message: { zh: string; en: string }): ProblemError {
  return new ProblemError("unprocessable", {
    zh: `费用不一致：${message.zh}`,
    en: `Amounts do not add up: ${message.en}`,
  }, { errors: [{ path: field, message }] });
}
