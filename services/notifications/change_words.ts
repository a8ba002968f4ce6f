/**
 * A change list in words a citizen understands: each rule parameter that changed from one number to
 * another becomes one sentence in Chinese and English — named by the rule ("职工 普通门诊") and the
 * parameter ("起付线"), with money in yuan (`1,500 元`), rates in percent and points in percentage
 * points. Text changes (title, body, summaries), whole rules and values that are not numbers are
 * left to the amendment's summary: no field path or raw value ever reaches a person.
 */

/** One changed figure, in both languages. */
export interface FigureLine {
  zh: string;
  en: string;
}

/** What names a rule for people: its insurance and visit type. */
export interface RuleFacts {
  id: string;
  insuranceType?: string;
  visitType?: string;
  deductible?: { kind?: string };
}

const insurance: Record<string, [string, string]> = {
  employee: ["职工", "employees'"],
  resident: ["居民", "residents'"],
};

const visits: Record<string, [string, string]> = {
  inpatient: ["住院", "inpatient care"],
  generalOutpatient: ["普通门诊", "outpatient care"],
  outpatientPooling: ["普通门诊", "outpatient care"],
  chronicSpecialOutpatient: ["门诊慢特病", "chronic and special outpatient care"],
  hypertensionDiabetes: ["两病门诊用药", "hypertension and diabetes medicines"],
};

type Unit = "fen" | "bp" | "points";

/** 150000 → "1,500 元" / "1,500 yuan" (fen only when there are some). */
export function yuanText(fen: number, lang: "zh" | "en"): string {
  const whole = Math.floor(Math.abs(fen) / 100).toLocaleString("en-US");
  const cents = Math.abs(fen) % 100;
  const text = `${fen < 0 ? "-" : ""}${whole}${cents ? `.${String(cents).padStart(2, "0")}` : ""}`;
  return lang === "zh" ? `${text} 元` : `${text} yuan`;
}

/** 7500 → "75%"; 825 → "8.25%". */
export function percentText(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = Math.abs(bp % 100);
  return `${whole}${rest ? `.${String(rest).padStart(2, "0").replace(/0$/, "")}` : ""}%`;
}

function valueText(unit: Unit, v: number, lang: "zh" | "en"): string {
  if (unit === "fen") return yuanText(v, lang);
  if (unit === "bp") return percentText(v);
  const n = percentText(v).replace("%", "");
  return lang === "zh" ? `${n} 个百分点` : `${n} percentage points`;
}

/** The parameter a field path names, for people, and its unit; null when it is not a citizen's figure. */
function parameterOf(
  parts: string[],
  rule: RuleFacts | undefined,
): { zh: string; en: string; unit: Unit } | null {
  const last = parts.at(-1) ?? "";
  const named = parts.filter((p) => !/^\d+$/.test(p));
  const leaf = named.at(-1) ?? "";
  const index = /^\d+$/.test(last) ? last : null;
  const second = parts.includes("secondLayer");
  const cross = parts.includes("unregistered")
    ? ["未备案异地就医", "unregistered care elsewhere: "]
    : parts.includes("registered")
    ? ["已备案异地就医", "registered care elsewhere: "]
    : ["", ""];
  const who = parts.includes("adjustments") ? ["（人群调整）", " (adjusted group)"] : ["", ""];
  const pre = (zh: string, en: string) => ({
    zh: `${cross[0]}${zh}${who[0]}`,
    en: `${cross[1]}${en}${who[1]}`,
  });
  switch (leaf) {
    case "amountFen":
      return { ...pre("起付线", "deductible"), unit: "fen" };
    case "amountsFen": {
      if (index === null) return null;
      const byLevel = rule?.deductible?.kind === "byHospitalLevel";
      return byLevel
        ? { ...pre(`${index}级医院起付线`, `deductible at level ${index} hospitals`), unit: "fen" }
        : {
          ...pre(`第 ${Number(index) + 1} 次住院起付线`, `deductible for admission ${Number(index) + 1}`),
          unit: "fen",
        };
    }
    case "deductibleFen":
      return second
        ? { zh: "大病保险起付线", en: "critical-illness insurance deductible", unit: "fen" }
        : null;
    case "annualCapFen":
      return second
        ? { zh: "大病保险年度封顶线", en: "critical-illness insurance annual cap", unit: "fen" }
        : { ...pre("年度封顶线", "annual cap"), unit: "fen" };
    case "rateBp":
      return {
        ...pre(
          second ? "大病保险报销比例" : "报销比例",
          second ? "critical-illness reimbursement rate" : "reimbursement rate",
        ),
        unit: "bp",
      };
    case "rateByLevelBp":
      return index === null ? null : {
        ...pre(`${index}级医院报销比例`, `reimbursement rate at level ${index} hospitals`),
        unit: "bp",
      };
    case "fromFen":
    case "toFen":
      return { ...pre("报销分段金额", "band limit"), unit: "fen" };
    case "classBSelfPayBp":
      return { ...pre("乙类先自付比例", "class B self-pay share"), unit: "bp" };
    case "points":
      return { ...pre("报销比例加点", "extra reimbursement"), unit: "points" };
    case "pointsOff":
      return { ...pre("报销比例降低", "reimbursement reduced by"), unit: "points" };
    default:
      if (/Fen$/.test(leaf)) return { ...pre("金额标准", "amount"), unit: "fen" };
      if (/Bp$/.test(leaf)) return { ...pre("比例", "rate"), unit: "bp" };
      return null;
  }
}

/** Every numeric rule change as a sentence: "职工普通门诊起付线由 1,800 元调整为 1,500 元". */
export function figureLines(changes: unknown, rules: RuleFacts[] = []): FigureLine[] {
  if (!Array.isArray(changes)) return [];
  const lines: FigureLine[] = [];
  for (const c of changes as { field?: unknown; before?: unknown; after?: unknown }[]) {
    if (typeof c.field !== "string" || typeof c.after !== "number") continue;
    if (!(typeof c.before === "number" || c.before === null || c.before === undefined)) continue;
    const parts = c.field.split(".");
    if (parts[0] !== "rules" || parts.length < 3) continue;
    const rule = rules.find((r) => r.id === parts[1]);
    const param = parameterOf(parts.slice(2), rule);
    if (!param) continue;
    const ins = rule?.insuranceType ? insurance[rule.insuranceType] : undefined;
    const visit = rule?.visitType ? visits[rule.visitType] : undefined;
    const zhName = `${ins?.[0] ?? ""}${visit?.[0] ?? ""}${param.zh}`;
    const enFor = ins || visit ? ` for ${[ins?.[1], visit?.[1]].filter(Boolean).join(" ")}` : "";
    const enName = `${param.en[0]!.toUpperCase()}${param.en.slice(1)}${enFor}`;
    const after = { zh: valueText(param.unit, c.after, "zh"), en: valueText(param.unit, c.after, "en") };
    if (typeof c.before === "number") {
      if (c.before === c.after) continue;
      const before = { zh: valueText(param.unit, c.before, "zh"), en: valueText(param.unit, c.before, "en") };
      const verb = c.after > c.before ? ["提高到"] : ["降低到"];
      lines.push({
        zh: `${zhName}由 ${before.zh}${verb[0]} ${after.zh}`,
        en: `${enName}: from ${before.en} to ${after.en}`,
      });
    } else {
      lines.push({ zh: `${zhName}定为 ${after.zh}`, en: `${enName}: now ${after.en}` });
    }
  }
  return lines;
}
