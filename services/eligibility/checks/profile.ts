import { z } from "@hono/zod-openapi";
import { benefitKeySchema, calendarDateSchema, factValues, regionCodeSchema } from "@yibao/domain";

const choice = <F extends keyof typeof factValues>(fact: F) =>
  z.enum(factValues[fact] as unknown as [string, ...string[]]);

/**
 * What a partner app knows about the person. Only the enrollment region is required: a fact left
 * out is never guessed, and an answer that depends on it says so (`needsInformation`).
 */
export const profileSchema = z.object({
  enrollmentRegion: regionCodeSchema.openapi({
    description: "参保地 / Where the person is (or would be) insured",
  }),
  insuranceType: choice("insuranceType").optional().openapi({
    description: "职工医保、城乡居民医保或未参保 / employee, resident or none",
  }),
  employment: choice("employment").optional(),
  workArrangement: choice("workArrangement").optional().openapi({
    description: "单位就业、个体工商户、非全日制、平台从业、其他灵活就业、未就业",
  }),
  birthDate: calendarDateSchema.optional().openapi({ description: "出生日期 / Date of birth" }),
  age: z.number().int().min(0).max(130).optional().openapi({
    description: "周岁；给出出生日期时以出生日期为准 / Whole years; birthDate wins when both are given",
  }),
  conditions: z.array(choice("conditions")).max(20).optional().openapi({
    description: "已确诊的疾病 / Diagnosed conditions",
  }),
  diagnosedAtDesignatedHospital: z.boolean().optional(),
  crossRegionReason: choice("crossRegionReason").optional().openapi({
    description: "为什么要到参保地以外就医 / Why care is needed outside the enrollment region",
  }),
  familyRelationship: choice("familyRelationship").optional().openapi({
    description: "要共济的家人与本人的关系 / How the family member to share with is related",
  }),
  familyMemberInsured: z.boolean().optional(),
}).strict().openapi("EligibilityProfile");

/** A person profile. */
export type Profile = z.infer<typeof profileSchema>;

/** Most benefit keys in one check. */
export const maxBenefitsPerCheck = 6;

/** `POST /v1/eligibility-checks`: a profile, the benefits to check, and the date (default today). */
export const checkRequestSchema = z.object({
  profile: profileSchema,
  benefits: z.array(benefitKeySchema).min(1).max(maxBenefitsPerCheck)
    .refine((b) => new Set(b).size === b.length, {
      message: "each benefit at most once",
      params: { zh: "同一项待遇只能问一次", en: "Each benefit at most once" },
    })
    .openapi({ example: ["crossRegionRegistration", "familyAccountSharing"] }),
  asOf: calendarDateSchema.optional().openapi({
    description:
      "按哪天的政策判断，默认今天（上海时间）/ Rules as of this date; default today in Asia/Shanghai",
  }),
}).openapi("EligibilityCheckRequest");

/** An eligibility check request. */
export type CheckRequest = z.infer<typeof checkRequestSchema>;
