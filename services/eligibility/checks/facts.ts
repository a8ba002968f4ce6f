import type { Bilingual, Criterion } from "@yibao/domain";
import type { Profile } from "./profile.ts";

/** A profile field that can answer a criterion, and how to ask for it. */
export interface FactQuestion {
  field: keyof Profile;
  question: Bilingual;
}

const ask: Record<Exclude<Criterion["fact"], "ageYears" | "ageDays">, FactQuestion> = {
  insuranceType: {
    field: "insuranceType",
    question: {
      zh: "参加的是职工医保、城乡居民医保，还是尚未参保？",
      en: "Is the person in employee insurance, resident insurance, or not insured?",
    },
  },
  employment: {
    field: "employment",
    question: {
      zh: "在职、退休、在校学生，还是其他情况？",
      en: "Employed, retired, a student, or something else?",
    },
  },
  workArrangement: {
    field: "workArrangement",
    question: {
      zh: "在单位就业，还是个体工商户、非全日制、平台从业等灵活就业？",
      en: "Working for an employer, or flexibly (self-employed, part-time, platform work)?",
    },
  },
  crossRegionReason: {
    field: "crossRegionReason",
    question: {
      zh: "为什么要到参保地以外看病（异地安置、长期居住、工作、转诊、上学、临时外出等）？",
      en:
        "Why is care needed outside the enrollment region (relocation, long stay, work, referral, study, a trip)?",
    },
  },
  conditions: {
    field: "conditions",
    question: { zh: "确诊了哪些疾病？", en: "Which conditions have been diagnosed?" },
  },
  diagnosedAtDesignatedHospital: {
    field: "diagnosedAtDesignatedHospital",
    question: {
      zh: "是否已由定点医疗机构确诊？",
      en: "Has a designated hospital confirmed the diagnosis?",
    },
  },
  familyRelationship: {
    field: "familyRelationship",
    question: {
      zh: "要共济的家人是您的什么人（配偶、父母、子女等）？",
      en: "How is the family member related to you (spouse, parent, child…)?",
    },
  },
  familyMemberInsured: {
    field: "familyMemberInsured",
    question: {
      zh: "这位家人是否参加了基本医疗保险？",
      en: "Is the family member in basic medical insurance?",
    },
  },
};

const birth: FactQuestion = {
  field: "birthDate",
  question: { zh: "出生日期是哪天？", en: "What is the date of birth?" },
};
const ageOrBirth: FactQuestion = {
  field: "birthDate",
  question: { zh: "出生日期（或周岁）是多少？", en: "What is the date of birth (or age in years)?" },
};

/** How to ask for the fact a criterion needs. */
export function questionFor(fact: Criterion["fact"]): FactQuestion {
  if (fact === "ageDays") return birth;
  if (fact === "ageYears") return ageOrBirth;
  return ask[fact];
}
