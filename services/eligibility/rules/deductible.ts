import type { BenefitRule } from "@yibao/domain";
import { EstimateValidationError } from "./errors.ts";
import { formatYuan, formatYuanEn, levelNamesEn, levelNamesZh } from "./format.ts";
import type { Visit, YearToDate } from "./input.ts";
import type { Deductible } from "./terms.ts";

/** The deductible still due on this visit (before it is limited to the in-scope amount). */
export interface DeductibleDue {
  /** Fen still due on this visit. */
  dueFen: number;
  /** Why, in Chinese. */
  explanationZh: string;
  /** Why, in English. */
  explanationEn: string;
}

/**
 * The deductible due on this visit. `perYear`: the yearly amount less what was paid this year, never
 * below 0. `perAdmission` (inpatient only): the (n+1)-th admission pays `amountsFen[min(n, len-1)]`.
 * `byHospitalLevel`: the amount for the visit's level, due on each visit or admission.
 */
export function deductibleDue(
  rule: BenefitRule,
  deductible: Deductible,
  path: string,
  visit: Visit,
  ytd: YearToDate,
): DeductibleDue {
  switch (deductible.kind) {
    case "none":
      return { dueFen: 0, explanationZh: "不设起付线", explanationEn: "No deductible" };
    case "perYear": {
      const dueFen = Math.max(0, deductible.amountFen - ytd.deductiblePaidFen);
      return {
        dueFen,
        explanationZh: `年度起付线${formatYuan(deductible.amountFen)}，本年已付${
          formatYuan(ytd.deductiblePaidFen)
        }，本次还需${formatYuan(dueFen)}`,
        explanationEn: `Yearly deductible ${formatYuanEn(deductible.amountFen)}, ${
          formatYuanEn(ytd.deductiblePaidFen)
        } paid this year, ${formatYuanEn(dueFen)} still due`,
      };
    }
    case "perAdmission": {
      if (visit.type !== "inpatient" || rule.visitType !== "inpatient") {
        throw new EstimateValidationError(
          "rule",
          `${path}.kind`,
          "a per-admission deductible applies only to inpatient visits",
        );
      }
      const index = Math.min(ytd.admissions, deductible.amountsFen.length - 1);
      const amount = deductible.amountsFen[index];
      if (amount === undefined) {
        throw new EstimateValidationError("rule", `${path}.amountsFen`, "needs at least one amount");
      }
      return {
        dueFen: amount,
        explanationZh: `本年第${ytd.admissions + 1}次住院，起付线${formatYuan(amount)}`,
        explanationEn: `Admission ${ytd.admissions + 1} this year: deductible ${formatYuanEn(amount)}`,
      };
    }
    case "byHospitalLevel": {
      const level = String(visit.hospitalLevel) as "1" | "2" | "3";
      const amount = (deductible.amountsFen as Partial<Record<"1" | "2" | "3", number>>)[level];
      if (amount === undefined) {
        throw new EstimateValidationError(
          "rule",
          `${path}.amountsFen.${level}`,
          `has no deductible for hospital level ${level}`,
        );
      }
      return {
        dueFen: amount,
        explanationZh: `${levelNamesZh[visit.hospitalLevel]}医院起付线${formatYuan(amount)}`,
        explanationEn: `Deductible at a ${levelNamesEn[visit.hospitalLevel]} hospital: ${
          formatYuanEn(amount)
        }`,
      };
    }
  }
}
