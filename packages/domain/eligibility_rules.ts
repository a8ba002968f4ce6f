import { z } from "./zod.ts";
import { regionCodeSchema } from "./glossary.ts";

/**
 * The benefits an eligibility check answers for (GLOSSARY.md): cross-region registration, chronic and
 * special outpatient cover, family account sharing, flexible-worker enrolment, newborn enrolment and
 * general outpatient pooling.
 */
export const benefitKeys = [
  "crossRegionRegistration",
  "chronicSpecialOutpatient",
  "familyAccountSharing",
  "flexibleWorkerEnrolment",
  "newbornEnrolment",
  "outpatientPooling",
] as const;
/** A benefit key. */
export const benefitKeySchema = z.enum(benefitKeys);
/** A benefit key. */
export type BenefitKey = z.infer<typeof benefitKeySchema>;

/** Words for people, Chinese first. */
export const bilingualSchema = z.object({
  zh: z.string().min(2).max(1_000),
  en: z.string().min(2).max(1_000),
});
/** Words for people. */
export type Bilingual = z.infer<typeof bilingualSchema>;

/**
 * The facts an eligibility check may ask about, with the values each may take. Values are a fixed
 * vocabulary (labels in `factValueLabels`) so rules stored as data and answers read the same words.
 */
export const factValues = {
  /** The person's basic medical insurance: employee, resident, or not insured yet. */
  insuranceType: ["employee", "resident", "none"],
  /** 在职, 退休, 在校学生, 未成年, 其他. */
  employment: ["employed", "retired", "student", "minor", "other"],
  /** How the person works: for an employer, or flexibly (个体工商户, 非全日制, 平台, 其他灵活就业), or not. */
  workArrangement: ["employer", "selfEmployed", "partTime", "platform", "freelance", "none"],
  /** Why the person needs care outside the enrollment region (异地就医备案类别). */
  crossRegionReason: [
    "relocatedRetiree",
    "longTermResident",
    "postedWorker",
    "referral",
    "employedElsewhere",
    "followingFamily",
    "studentElsewhere",
    "temporaryTrip",
    "emergency",
  ],
  /** Diagnosed conditions (门诊慢特病 common to most catalogues). */
  conditions: [
    "hypertension",
    "diabetes",
    "uremiaDialysis",
    "cancerOutpatientTreatment",
    "organTransplantAntiRejection",
    "severeMentalIllness",
    "hemophilia",
    "tuberculosis",
    "other",
  ],
  /** The family member the account would be shared with. */
  familyRelationship: ["spouse", "parent", "child", "sibling", "grandparent", "other"],
} as const;

/** Facts whose value is one of a vocabulary (`conditions` is a list of them). */
export type ChoiceFact = keyof typeof factValues;
/** Facts that are yes / no. */
export const booleanFacts = ["diagnosedAtDesignatedHospital", "familyMemberInsured"] as const;
/** Facts that are a number, derived from the profile on the check's date. */
export const numericFacts = ["ageYears", "ageDays"] as const;

/** Labels of every fact value, for reasons shown to people. */
export const factValueLabels: { [F in ChoiceFact]: Record<(typeof factValues)[F][number], Bilingual> } = {
  insuranceType: {
    employee: { zh: "职工医保", en: "employee insurance" },
    resident: { zh: "城乡居民医保", en: "resident insurance" },
    none: { zh: "未参保", en: "not insured" },
  },
  employment: {
    employed: { zh: "在职", en: "employed" },
    retired: { zh: "退休", en: "retired" },
    student: { zh: "在校学生", en: "student" },
    minor: { zh: "未成年人", en: "minor" },
    other: { zh: "其他", en: "other" },
  },
  workArrangement: {
    employer: { zh: "单位就业", en: "working for an employer" },
    selfEmployed: { zh: "个体工商户", en: "self-employed business owner" },
    partTime: { zh: "非全日制从业人员", en: "part-time worker" },
    platform: { zh: "新就业形态（平台）从业人员", en: "platform worker" },
    freelance: { zh: "其他灵活就业人员", en: "other flexible worker" },
    none: { zh: "未就业", en: "not working" },
  },
  crossRegionReason: {
    relocatedRetiree: { zh: "异地安置退休人员", en: "retiree relocated elsewhere" },
    longTermResident: { zh: "异地长期居住人员", en: "long-term resident elsewhere" },
    postedWorker: { zh: "常驻异地工作人员", en: "posted to work elsewhere" },
    referral: { zh: "异地转诊人员", en: "referred elsewhere by a designated hospital" },
    employedElsewhere: { zh: "异地就业创业人员", en: "working or starting a business elsewhere" },
    followingFamily: { zh: "随子女迁居的老年人", en: "older person living with children elsewhere" },
    studentElsewhere: { zh: "在外地上学的大学生", en: "university student elsewhere" },
    temporaryTrip: { zh: "临时外出就医人员", en: "on a temporary trip" },
    emergency: { zh: "急诊抢救", en: "emergency care" },
  },
  conditions: {
    hypertension: { zh: "高血压", en: "hypertension" },
    diabetes: { zh: "糖尿病", en: "diabetes" },
    uremiaDialysis: { zh: "尿毒症透析", en: "uraemia on dialysis" },
    cancerOutpatientTreatment: { zh: "恶性肿瘤门诊放化疗", en: "outpatient cancer treatment" },
    organTransplantAntiRejection: { zh: "器官移植术后抗排异治疗", en: "anti-rejection after a transplant" },
    severeMentalIllness: { zh: "严重精神障碍", en: "severe mental illness" },
    hemophilia: { zh: "血友病", en: "haemophilia" },
    tuberculosis: { zh: "肺结核", en: "tuberculosis" },
    other: { zh: "其他疾病", en: "another condition" },
  },
  familyRelationship: {
    spouse: { zh: "配偶", en: "spouse" },
    parent: { zh: "父母", en: "parent" },
    child: { zh: "子女", en: "child" },
    sibling: { zh: "兄弟姐妹", en: "sibling" },
    grandparent: { zh: "祖父母、外祖父母", en: "grandparent" },
    other: { zh: "其他亲属", en: "other relative" },
  },
};

const criterionBase = {
  id: z.string().regex(/^[a-z][A-Za-z0-9]{1,40}$/),
  label: bilingualSchema,
};

const choiceCriterion = <F extends ChoiceFact>(fact: F) =>
  z.object({
    ...criterionBase,
    fact: z.literal(fact),
    op: z.literal("in"),
    values: z.array(z.enum(factValues[fact] as unknown as [string, ...string[]])).min(1),
  });

/**
 * One condition of a rule, over one fact: the fact's value (any of a list's values for
 * `conditions`) is one of `values`; a number lies in `[min, max]`; a yes / no fact is `value`.
 * `label` says the requirement in words, e.g. 「参加职工医保」.
 */
export const criterionSchema = z.discriminatedUnion("fact", [
  choiceCriterion("insuranceType"),
  choiceCriterion("employment"),
  choiceCriterion("workArrangement"),
  choiceCriterion("crossRegionReason"),
  choiceCriterion("conditions"),
  choiceCriterion("familyRelationship"),
  z.object({ ...criterionBase, fact: z.enum(booleanFacts), op: z.literal("is"), value: z.boolean() }),
  z.object({
    ...criterionBase,
    fact: z.enum(numericFacts),
    op: z.literal("between"),
    min: z.number().int().min(0).optional(),
    max: z.number().int().min(0).optional(),
  }),
]).superRefine((c, ctx) => {
  if (c.op !== "between") return;
  if (c.min === undefined && c.max === undefined) {
    ctx.addIssue({ code: "custom", message: "between needs min or max", path: ["min"] });
  } else if (c.min !== undefined && c.max !== undefined && c.min > c.max) {
    ctx.addIssue({ code: "custom", message: "min must not exceed max", path: ["min"] });
  }
});
/** A criterion. */
export type Criterion = z.infer<typeof criterionSchema>;

/** Where and how to apply: an online service, a counter, a hospital, or the 12393 hotline. */
export const nextStepSchema = z.object({
  kind: z.enum(["online", "counter", "hospital", "hotline"]),
  zh: z.string().min(2).max(500),
  en: z.string().min(2).max(500),
});

/**
 * An eligibility rule as graph data, on a policy version: for one benefit, the criteria a person
 * must meet (all of them), what it means to qualify or not, the choices a qualifying person has
 * (e.g. contribution tiers) and the next steps. Nothing of it is hard-coded in a service.
 */
export const eligibilityRuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{2,80}$/),
  benefit: benefitKeySchema,
  source: z.object({
    region: regionCodeSchema,
    year: z.number().int().min(2000).max(2100),
    note: z.string().min(4),
  }),
  criteria: z.array(criterionSchema).min(1).max(20),
  /**
   * What it means to qualify or not. `eligibleByInsuranceType` gives the words for a person of that
   * insurance type (e.g. the employee deductible only to employees), `eligible` for anyone else.
   */
  outcome: z.object({
    eligible: bilingualSchema,
    eligibleByInsuranceType: z.object({ employee: bilingualSchema, resident: bilingualSchema }).partial()
      .optional(),
    notEligible: bilingualSchema,
  }),
  options: z.object({
    title: bilingualSchema,
    items: z.array(bilingualSchema.extend({ id: z.string().min(1).max(40) })).min(1).max(20),
  }).optional(),
  nextSteps: z.array(nextStepSchema).min(1).max(10),
}).refine((r) => new Set(r.criteria.map((c) => c.id)).size === r.criteria.length, {
  message: "criterion ids must be unique within a rule",
  path: ["criteria"],
});
/** An eligibility rule. */
export type EligibilityRule = z.infer<typeof eligibilityRuleSchema>;
