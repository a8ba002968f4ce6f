import { z } from "@hono/zod-openapi";
import { insuranceTypeSchema, visitTypeSchema } from "@yibao/domain";

/** Most a single amount of one visit may be: 10^11 fen (one billion yuan). */
export const MAX_VISIT_FEN = 100_000_000_000;
/** Most a year-to-date figure may be: 10^12 fen. */
export const MAX_YEAR_FEN = 1_000_000_000_000;

const visitFen = z.number().int().min(0).max(MAX_VISIT_FEN);
const yearFen = z.number().int().min(0).max(MAX_YEAR_FEN);

/**
 * Employment status: `employed` (在职), `retired` (退休), `student` (在校学生), `minor` (未成年、不在校),
 * `other` (e.g. unemployed residents). A person under 18 counts as a minor whatever the status.
 */
export const employmentSchema = z.enum(["employed", "retired", "student", "minor", "other"]);

/** The insured person: insurance type, employment status and age in whole years. */
export const personSchema = z.object({
  insuranceType: insuranceTypeSchema,
  employment: employmentSchema,
  age: z.number().int().min(0).max(130),
}).refine((p) => p.employment !== "minor" || p.age < 18, {
  message: "employment minor needs an age under 18",
  params: { zh: "未成年人的年龄须小于 18 周岁", en: "A minor must be under 18" },
  path: ["employment"],
});

/** In-catalogue class A, class B (先自付 applies) and self-pay (丙类/自费) amounts of one visit. */
export const visitAmountsSchema = z.object({
  classAFen: visitFen,
  classBFen: visitFen,
  selfPayFen: visitFen,
});

/**
 * One visit: its type, the hospital level, whether it is outside the enrollment region and, if so,
 * whether the insured registered (备案) or was referred.
 */
export const visitSchema = z.object({
  type: visitTypeSchema,
  hospitalLevel: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  crossRegion: z.boolean(),
  /** Required when `crossRegion` is true; ignored otherwise. */
  registered: z.boolean().optional(),
  amounts: visitAmountsSchema,
}).refine((v) => !v.crossRegion || v.registered !== undefined, {
  message: "a cross-region visit must say whether the insured registered",
  params: { zh: "异地就医须说明是否已备案", en: "Say whether the cross-region care was registered" },
  path: ["registered"],
});

/** What already happened this year before this visit. */
export const yearToDateSchema = z.object({
  /** Earlier admissions this year (inpatient). */
  admissions: z.number().int().min(0).max(1_000),
  deductiblePaidFen: yearFen,
  fundPaidFen: yearFen,
  secondLayerPaidFen: yearFen,
  /** Cumulative in-scope cost this year before this visit. */
  inScopeCostFen: yearFen,
});

/** A year with nothing before this visit. */
export const emptyYearToDate = {
  admissions: 0,
  deductiblePaidFen: 0,
  fundPaidFen: 0,
  secondLayerPaidFen: 0,
  inScopeCostFen: 0,
} as const;

/** The estimate input: person, visit and year to date (all zero when left out). */
export const estimateInputSchema = z.object({
  person: personSchema,
  visit: visitSchema,
  yearToDate: yearToDateSchema.default(emptyYearToDate),
});

/** The estimate input as callers write it. */
export type EstimateInput = z.input<typeof estimateInputSchema>;
/** The estimate input after validation and defaults. */
export type ParsedEstimateInput = z.output<typeof estimateInputSchema>;
/** The insured person. */
export type Person = z.output<typeof personSchema>;
/** One visit. */
export type Visit = z.output<typeof visitSchema>;
/** The year to date. */
export type YearToDate = z.output<typeof yearToDateSchema>;
