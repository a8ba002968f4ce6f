/**
 * Rule parameters named for people: `rules.bj-inpatient.rates.bands.1.rateBp` reads
 * "职工 · 住院 · 报销比例 · 第 2 段 · 比例". Each segment of a field path has a name; numbers read as
 * positions, and hospital-level lists read as the level.
 */
import type { PolicyContent } from "@yibao/domain";
import { audienceNames } from "@yibao/domain";
import { type Lang, tr } from "./i18n.ts";

const segments: Record<string, [string, string]> = {
  title: ["标题", "Title"],
  body: ["正文", "Body"],
  summaries: ["通俗解读", "Plain summary"],
  deductible: ["起付线", "Deductible"],
  amountFen: ["金额", "amount"],
  amountsFen: ["金额", "amount"],
  rates: ["报销比例", "Reimbursement rates"],
  bands: ["分段", "band"],
  rateBp: ["比例", "rate"],
  rateByLevelBp: ["比例", "rate"],
  fromFen: ["起点", "from"],
  toFen: ["终点", "to"],
  base: ["计算基数", "basis"],
  annualCapFen: ["年度封顶线", "Annual cap"],
  annualCapUnpublished: ["封顶线未公布", "Cap not published"],
  classBSelfPayBp: ["乙类先自付比例", "Class B self-pay share"],
  secondLayer: ["大病保险", "Critical-illness layer"],
  crossRegion: ["异地就医", "Cross-region care"],
  registered: ["已备案", "registered"],
  unregistered: ["未备案", "not registered"],
  pointsOff: ["降低比例", "points off"],
  adjustments: ["人群调整", "adjustment"],
  points: ["加点", "added points"],
  when: ["适用人群", "applies to"],
  hospitalLevels: ["适用医院等级", "hospital levels"],
  criteria: ["条件", "criterion"],
  min: ["下限", "minimum"],
  max: ["上限", "maximum"],
  values: ["可选值", "accepted values"],
  options: ["选项", "option"],
  nextSteps: ["办理途径", "next step"],
  source: ["来源", "source"],
  outcome: ["结论", "outcome"],
  eligible: ["符合时", "when eligible"],
  notEligible: ["不符合时", "when not eligible"],
  items: ["选项", "option"],
  zh: ["中文", "Chinese"],
  en: ["英文", "English"],
  kind: ["方式", "kind"],
  value: ["取值", "value"],
  fact: ["条件项", "fact"],
  note: ["说明", "note"],
  year: ["年份", "year"],
};

const insurance: Record<string, [string, string]> = {
  employee: ["职工", "Employee"],
  resident: ["居民", "Resident"],
};
const benefits: Record<string, [string, string]> = {
  crossRegionRegistration: ["异地就医备案", "cross-region registration"],
  chronicSpecialOutpatient: ["门诊慢特病", "chronic and special outpatient"],
  familyAccountSharing: ["家庭共济", "family account sharing"],
  flexibleWorkerEnrolment: ["灵活就业人员参保", "flexible workers' enrolment"],
  newbornEnrolment: ["新生儿参保", "newborn enrolment"],
  outpatientPooling: ["普通门诊统筹", "general outpatient pooling"],
};

const visits: Record<string, [string, string]> = {
  inpatient: ["住院", "inpatient"],
  outpatientPooling: ["普通门诊", "general outpatient"],
  generalOutpatient: ["普通门诊", "general outpatient"],
  chronicSpecialOutpatient: ["门诊慢特病", "chronic and special outpatient"],
  hypertensionDiabetes: ["两病门诊用药", "hypertension and diabetes medicines"],
};

/** The name of a rule for people: "职工 · 住院 (rule-id)". */
export function ruleName(content: PolicyContent | null, id: string, lang: Lang): string {
  const rule = content?.rules.find((r) => r.id === id);
  if (rule) {
    const ins = insurance[rule.insuranceType];
    const visit = visits[rule.visitType];
    return [
      ins ? tr(lang, ins[0], ins[1]) : rule.insuranceType,
      visit ? tr(lang, visit[0], visit[1]) : rule.visitType,
    ]
      .join(" · ");
  }
  const elig = content?.eligibility?.find((r) => r.id === id);
  const benefit = elig ? benefits[elig.benefit] : undefined;
  if (benefit) return tr(lang, benefit[0], benefit[1]);
  return id;
}

/** A field path for people; `withRule: false` leaves out which rule (when the page already says it). */
export function fieldLabel(
  field: string,
  content: PolicyContent | null,
  lang: Lang,
  options: { withRule?: boolean } = {},
): string {
  const parts = field.split(".");
  const out: string[] = [];
  let i = 0;
  if (parts[0] === "rules" || parts[0] === "eligibility") {
    if (options.withRule !== false) {
      out.push(
        parts[0] === "rules"
          ? tr(lang, "待遇规则", "Benefit rule")
          : tr(lang, "资格规则", "Eligibility rule"),
        ruleName(content, parts[1] ?? "", lang),
      );
    }
    i = 2;
  } else if (parts[0] === "summaries") {
    const aud = audienceNames[parts[1] as keyof typeof audienceNames];
    return `${tr(lang, "通俗解读", "Plain summary")} · ${aud ? tr(lang, aud.nameZh, aud.nameEn) : parts[1]}`;
  }
  for (; i < parts.length; i++) {
    const p = parts[i]!;
    const prev = parts[i - 1] ?? "";
    if (/^\d+$/.test(p)) {
      const n = Number(p) + 1;
      // by-level tables are keyed by the level itself ("1", "2", "3"); lists by position
      const parent = valueAt(content, parts.slice(0, i - 1)) as { kind?: string } | undefined;
      if (prev === "rateByLevelBp" || (prev === "amountsFen" && parent?.kind === "byHospitalLevel")) {
        out.push(tr(lang, `${p} 级医院`, `level ${p} hospitals`));
      } else if (prev === "amountsFen") out.push(tr(lang, `第 ${n} 次住院`, `admission ${n}`));
      else out.push(tr(lang, `第 ${n} ${prev === "bands" ? "段" : "项"}`, `#${n}`));
      continue;
    }
    const s = segments[p];
    out.push(s ? tr(lang, s[0], s[1]) : p);
  }
  return out.join(" · ");
}

/** The value at a field path of the content (`rules.<id>.…` finds the rule by id), or undefined. */
function valueAt(content: PolicyContent | null, parts: string[]): unknown {
  if (!content || parts.length < 2) return undefined;
  const collection = parts[0] === "rules"
    ? content.rules
    : parts[0] === "eligibility"
    ? content.eligibility
    : null;
  let obj: unknown = collection?.find((r) => r.id === parts[1]);
  for (const p of parts.slice(2)) {
    if (obj === null || typeof obj !== "object") return undefined;
    obj = (obj as Record<string, unknown>)[p];
  }
  return obj;
}
