import type { BenefitRule } from "@yibao/domain";
import type { Person, Visit } from "./input.ts";

/** A deductible as the rule model states it. */
export type Deductible = BenefitRule["deductible"];
/** A rate table as the rule model states it. */
export type RateTable = BenefitRule["rates"];
/** Who an adjustment applies to. */
export type AdjustmentTarget = BenefitRule["adjustments"][number]["when"];

/** Chinese names of adjustment targets. */
export const targetNamesZh: Record<AdjustmentTarget, string> = {
  retired: "退休人员",
  student: "学生",
  minor: "未成年人",
};

/** English names of adjustment targets. */
export const targetNamesEn: Record<AdjustmentTarget, string> = {
  retired: "Retirees",
  student: "Students",
  minor: "Minors",
};

/** Whether an adjustment target (`retired`, `student`, `minor`) fits the person. */
export function personMatches(person: Person, when: AdjustmentTarget): boolean {
  switch (when) {
    case "retired":
      return person.employment === "retired";
    case "student":
      return person.employment === "student";
    case "minor":
      return person.employment === "minor" || person.age < 18;
  }
}

/** A note on how the terms were chosen, turned into an explanation line by the estimator. */
export interface TermsNote {
  /** Step name for the line. */
  step: "adjustmentTable" | "adjustmentPoints" | "crossRegion";
  /** Chinese explanation. */
  explanationZh: string;
  /** English explanation. */
  explanationEn: string;
}

/** The deductible and rates that apply to one person and visit, with where each came from. */
export interface Terms {
  /** The deductible that applies. */
  deductible: Deductible;
  /** Field path of that deductible in the rule (for errors). */
  deductiblePath: string;
  /** The rate table that applies. */
  rates: RateTable;
  /** Field path of that rate table in the rule (for errors). */
  ratesPath: string;
  /** Points added to every band rate (adjustments), capped at 100%. */
  pointsAdded: number;
  /** Points taken off every band rate (unregistered cross-region care), floored at 0. */
  pointsOff: number;
  /** How the terms were chosen. */
  notes: TermsNote[];
}

/**
 * Chooses the deductible and rates for the person and visit, in this order: the rule's own; then the
 * first matching `table` adjustment (replacing what it names); then the cross-region override for a
 * registered or unregistered cross-region visit (replacing what it names), and the first matching
 * `table` among the override's own adjustments; then the points: the largest matching `addPoints`
 * among the rule's and the override's adjustments (matches do not add up: a 15-year-old student gets
 * one bonus, not two) and, for unregistered cross-region care, `pointsOff`.
 */
export function resolveTerms(rule: BenefitRule, person: Person, visit: Visit): Terms {
  const terms: Terms = {
    deductible: rule.deductible,
    deductiblePath: "deductible",
    rates: rule.rates,
    ratesPath: "rates",
    pointsAdded: 0,
    pointsOff: 0,
    notes: [],
  };
  applyTable(terms, rule.adjustments, "adjustments", person, "", "");
  let pointCandidates = rule.adjustments;
  if (visit.crossRegion) {
    const key = visit.registered ? "registered" : "unregistered";
    const label = visit.registered ? "异地就医已备案（或转诊）" : "异地就医未备案、未转诊";
    const override = rule.crossRegion?.[key];
    const labelEn = visit.registered
      ? "Cross-region care, registered (or referred)"
      : "Cross-region care, neither registered nor referred";
    const replaced: string[] = [];
    const replacedEn: string[] = [];
    if (override?.deductible) {
      terms.deductible = override.deductible;
      terms.deductiblePath = `crossRegion.${key}.deductible`;
      replaced.push("起付线");
      replacedEn.push("deductible");
    }
    if (override?.rates) {
      terms.rates = override.rates;
      terms.ratesPath = `crossRegion.${key}.rates`;
      replaced.push("报销比例");
      replacedEn.push("rates");
    }
    const pointsOff = override && "pointsOff" in override ? override.pointsOff ?? 0 : 0;
    terms.pointsOff = pointsOff;
    const parts = [
      replaced.length > 0 ? `按异地规定的${replaced.join("和")}` : "起付线和比例按参保地规定",
      pointsOff > 0 ? `各段比例降低${pointsOff / 100}个百分点` : "",
    ].filter((p) => p !== "");
    const partsEn = [
      replacedEn.length > 0
        ? `the cross-region ${replacedEn.join(" and ")}`
        : "deductible and rates of the enrollment region",
      pointsOff > 0 ? `every band rate ${pointsOff / 100} points lower` : "",
    ].filter((p) => p !== "");
    terms.notes.push({
      step: "crossRegion",
      explanationZh: `${label}：${parts.join("，")}`,
      explanationEn: `${labelEn}: ${partsEn.join(", ")}`,
    });
    if (override?.adjustments) {
      applyTable(
        terms,
        override.adjustments,
        `crossRegion.${key}.adjustments`,
        person,
        "异地就医时",
        " in cross-region care",
      );
      pointCandidates = [...rule.adjustments, ...override.adjustments];
    }
  }
  let best: { points: number; when: AdjustmentTarget } | undefined;
  for (const a of pointCandidates) {
    if (a.kind === "addPoints" && personMatches(person, a.when) && (!best || a.points > best.points)) {
      best = { points: a.points, when: a.when };
    }
  }
  if (best && best.points > 0) {
    terms.pointsAdded = best.points;
    terms.notes.push({
      step: "adjustmentPoints",
      explanationZh: `${targetNamesZh[best.when]}各段报销比例提高${best.points / 100}个百分点（最高100%）`,
      explanationEn: `${targetNamesEn[best.when]}: every band rate ${
        best.points / 100
      } points higher (at most 100%)`,
    });
  }
  return terms;
}

/** Applies the first `table` adjustment matching the person, replacing what it names. */
function applyTable(
  terms: Terms,
  adjustments: BenefitRule["adjustments"],
  path: string,
  person: Person,
  whenZh: string,
  whenEn: string,
): void {
  const index = adjustments.findIndex((a) => a.kind === "table" && personMatches(person, a.when));
  const table = adjustments[index];
  if (!table || table.kind !== "table") return;
  const replaced: string[] = [];
  const replacedEn: string[] = [];
  if (table.deductible) {
    terms.deductible = table.deductible;
    terms.deductiblePath = `${path}.${index}.deductible`;
    replaced.push("起付线");
    replacedEn.push("deductible");
  }
  if (table.rates) {
    terms.rates = table.rates;
    terms.ratesPath = `${path}.${index}.rates`;
    replaced.push("报销比例");
    replacedEn.push("rates");
  }
  if (replaced.length > 0) {
    terms.notes.push({
      step: "adjustmentTable",
      explanationZh: `${whenZh}${targetNamesZh[table.when]}适用单独的${replaced.join("和")}表`,
      explanationEn: `${targetNamesEn[table.when]} have a ${
        replacedEn.join(" and ")
      } table of their own${whenEn}`,
    });
  }
}
