import {
  type Bilingual,
  type ChoiceFact,
  type Criterion,
  type EligibilityRule,
  factValueLabels,
} from "@yibao/domain";
import { questionFor } from "./facts.ts";
import type { Profile } from "./profile.ts";

/** The answer to one benefit: eligible, not eligible, or more facts needed. */
export type CheckStatus = "eligible" | "notEligible" | "needsInformation";

/** How one criterion came out, in words. */
export interface Reason {
  criterion: string;
  status: "met" | "notMet" | "unknown";
  zh: string;
  en: string;
}

/** A fact the answer needs and the profile did not give. */
export interface MissingFact {
  field: string;
  zh: string;
  en: string;
}

/** The evaluation of one eligibility rule for one profile. */
export interface Evaluation {
  status: CheckStatus;
  summary: Bilingual;
  reasons: Reason[];
  missingFacts: MissingFact[];
}

/** A profile that cannot be evaluated (e.g. born after the check's date). */
export class ProfileError extends Error {
  override name = "ProfileError";
  constructor(readonly field: string, message: string, readonly zh: string) {
    super(message);
  }
}

type FactValue = string | string[] | number | boolean | undefined;

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Whole years of age on `asOf` for someone born on `birthDate`. */
function yearsBetween(birthDate: string, asOf: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [y, m, d] = asOf.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

function factOf(profile: Profile, fact: Criterion["fact"], asOf: string): FactValue {
  switch (fact) {
    case "ageDays":
      return profile.birthDate === undefined ? undefined : daysBetween(profile.birthDate, asOf);
    case "ageYears":
      return profile.birthDate !== undefined ? yearsBetween(profile.birthDate, asOf) : profile.age;
    default:
      return profile[fact];
  }
}

function label(fact: ChoiceFact, value: string): Bilingual {
  return (factValueLabels[fact] as Record<string, Bilingual>)[value] ?? { zh: value, en: value };
}

function labels(fact: ChoiceFact, values: readonly string[]): Bilingual {
  const ls = values.map((v) => label(fact, v));
  return { zh: ls.map((l) => l.zh).join("、"), en: ls.map((l) => l.en).join(", ") };
}

function describeValue(c: Criterion, value: Exclude<FactValue, undefined>): Bilingual {
  if (c.op === "in") {
    const vs = Array.isArray(value) ? value : [String(value)];
    return vs.length === 0 ? { zh: "无", en: "none" } : labels(c.fact, vs);
  }
  if (c.op === "is") return value ? { zh: "是", en: "yes" } : { zh: "否", en: "no" };
  return c.fact === "ageDays"
    ? { zh: `${value}天`, en: `${value} days` }
    : { zh: `${value}周岁`, en: `${value} years` };
}

function accepted(c: Criterion): Bilingual | undefined {
  return c.op === "in" ? labels(c.fact, c.values) : undefined;
}

function holds(c: Criterion, value: Exclude<FactValue, undefined>): boolean {
  switch (c.op) {
    case "in":
      return Array.isArray(value)
        ? value.some((v) => c.values.includes(v))
        : c.values.includes(String(value));
    case "is":
      return value === c.value;
    case "between": {
      const n = value as number;
      return (c.min === undefined || n >= c.min) && (c.max === undefined || n <= c.max);
    }
  }
}

function reasonFor(c: Criterion, value: FactValue): Reason {
  const ok = accepted(c);
  const choices = ok ? { zh: `（可以是：${ok.zh}）`, en: ` (any of: ${ok.en})` } : { zh: "", en: "" };
  if (value === undefined) {
    return {
      criterion: c.id,
      status: "unknown",
      zh: `待确认：${c.label.zh}${choices.zh}`,
      en: `To confirm: ${c.label.en}${choices.en}`,
    };
  }
  const seen = describeValue(c, value);
  if (holds(c, value)) {
    return {
      criterion: c.id,
      status: "met",
      zh: `符合：${c.label.zh}（${seen.zh}）`,
      en: `Met: ${c.label.en} (${seen.en})`,
    };
  }
  return {
    criterion: c.id,
    status: "notMet",
    zh: `不符合：${c.label.zh}；您的情况：${seen.zh}${choices.zh}`,
    en: `Not met: ${c.label.en}; given: ${seen.en}${choices.en}`,
  };
}

/**
 * Evaluates a rule for a profile on a date. Every criterion must hold; one that fails makes the
 * answer `notEligible` whatever else is unknown; otherwise any unknown fact makes it
 * `needsInformation`, naming the profile fields to fill in.
 */
export function evaluate(rule: EligibilityRule, profile: Profile, asOf: string): Evaluation {
  if (profile.birthDate !== undefined && profile.birthDate > asOf) {
    throw new ProfileError(
      "profile.birthDate",
      `The date of birth ${profile.birthDate} is after ${asOf}`,
      `出生日期 ${profile.birthDate} 晚于查询日期 ${asOf}`,
    );
  }
  const reasons = rule.criteria.map((c) => reasonFor(c, factOf(profile, c.fact, asOf)));
  const missing = new Map<string, MissingFact>();
  rule.criteria.forEach((c, i) => {
    if (reasons[i]!.status !== "unknown") return;
    const q = questionFor(c.fact);
    missing.set(q.field, { field: `profile.${q.field}`, ...q.question });
  });
  const missingFacts = [...missing.values()];
  if (reasons.some((r) => r.status === "notMet")) {
    return { status: "notEligible", summary: rule.outcome.notEligible, reasons, missingFacts };
  }
  if (missingFacts.length > 0) {
    return {
      status: "needsInformation",
      summary: {
        zh: `还需要以下信息才能判断：${missingFacts.map((m) => m.zh).join(" ")}`,
        en: `More is needed to decide: ${missingFacts.map((m) => m.en).join(" ")}`,
      },
      reasons,
      missingFacts,
    };
  }
  // The outcome in the words for the person's own insurance type, when the rule gives them.
  const own = profile.insuranceType === undefined
    ? undefined
    : rule.outcome.eligibleByInsuranceType?.[profile.insuranceType as "employee" | "resident"];
  return { status: "eligible", summary: own ?? rule.outcome.eligible, reasons, missingFacts };
}
