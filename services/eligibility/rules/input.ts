import { z } from "@hono/zod-openapi";
import { insuranceTypeSchema, itemCategorySchema, visitTypeSchema } from "@yibao/domain";

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

/**
 * The checks across fields of an input (a minor's age, a cross-region visit's registration): the
 * schemas' refinements, and what {@linkcode crossFieldProblem} checks without zod. zod takes the
 * `message` out of the object a refinement is given, so each refinement gets a copy.
 */
const crossField = {
  minorAge: {
    message: "employment minor needs an age under 18",
    params: { zh: "未成年人的年龄须小于 18 周岁", en: "A minor must be under 18" },
    path: ["employment"],
  },
  registered: {
    message: "a cross-region visit must say whether the insured registered",
    params: { zh: "异地就医须说明是否已备案", en: "Say whether the cross-region care was registered" },
    path: ["registered"],
  },
};

/** The insured person: insurance type, employment status and age in whole years. */
export const personSchema = z.object({
  insuranceType: insuranceTypeSchema,
  employment: employmentSchema,
  age: z.number().int().min(0).max(130),
}).refine((p) => p.employment !== "minor" || p.age < 18, { ...crossField.minorAge });

/** In-catalogue class A, class B (先自付 applies) and self-pay (丙类/自费) amounts of one visit. */
export const visitAmountsSchema = z.object({
  classAFen: visitFen,
  classBFen: visitFen,
  selfPayFen: visitFen,
});

/** One line of the bill: its catalogue class, its category if any, its amount and quantity. */
export const visitItemSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  class: z.enum(["classA", "classB", "selfPay"]).openapi({
    description: "甲类、乙类或丙类（自费）/ Catalogue class",
  }),
  category: itemCategorySchema.optional().openapi({
    description:
      "特殊检查、特殊治疗、医用材料、进口医用材料；规则对该类别规定了先自付比例或单价限额时适用 / Special examination, special treatment, medical material or imported material: the rule's share and price limit for the category apply",
  }),
  amountFen: visitFen,
  quantity: z.number().int().min(1).max(100_000).optional().openapi({
    description:
      "数量，默认 1；单价限额按 限额 × 数量 计 / Quantity, default 1; a price limit counts limit × quantity",
  }),
}).openapi("VisitItem");

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
  /**
   * The bill's line items, when known: needed for category shares and price limits. Their class sums
   * must equal `amounts`.
   */
  items: z.array(visitItemSchema).max(2_000).optional(),
}).refine((v) => !v.crossRegion || v.registered !== undefined, { ...crossField.registered });

/** What already happened this year before this visit. */
export const yearToDateSchema = z.object({
  /** Earlier admissions this year (inpatient). */
  admissions: z.number().int().min(0).max(1_000),
  deductiblePaidFen: yearFen,
  fundPaidFen: yearFen,
  secondLayerPaidFen: yearFen,
  /** Cumulative in-scope cost this year before this visit. */
  inScopeCostFen: yearFen,
  /**
   * The second layer's base so far this year: the residual in-scope amounts (in-scope − what the basic
   * fund paid) of earlier visits, added up. The layer's deductible and bands are measured on it. Absent:
   * the layer is measured from zero on this visit (its deductible counted as met once it has paid).
   */
  secondLayerBaseFen: yearFen.optional().openapi({
    description:
      "本年此前各次政策范围内费用中基本医保未支付部分的累计（大病保险的累计基数）/ Year-to-date residual the second layer is measured on",
  }),
});

/** A year with nothing before this visit. */
export const emptyYearToDate = {
  admissions: 0,
  deductiblePaidFen: 0,
  fundPaidFen: 0,
  secondLayerPaidFen: 0,
  inScopeCostFen: 0,
  secondLayerBaseFen: 0,
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
/** One line item. */
export type VisitItem = z.output<typeof visitItemSchema>;
/** The year to date. */
export type YearToDate = z.output<typeof yearToDateSchema>;

/**
 * The first cross-field check `input` fails, as the schema's issue would name it (`path`, `message`,
 * `zh`), or null: for an input whose fields were checked by these schemas at the edge already.
 */
export function crossFieldProblem(
  input: ParsedEstimateInput,
): { path: string; message: string; zh: string } | null {
  const { person, visit } = input;
  if (person.employment === "minor" && person.age >= 18) {
    const c = crossField.minorAge;
    return { path: `person.${c.path[0]}`, message: c.message, zh: c.params.zh };
  }
  if (visit.crossRegion && visit.registered === undefined) {
    const c = crossField.registered;
    return { path: `visit.${c.path[0]}`, message: c.message, zh: c.params.zh };
  }
  return null;
}
