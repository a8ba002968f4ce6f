import { z } from "./zod.ts";
import { insuranceTypeSchema, regionCodeSchema } from "./glossary.ts";

/** Money in integer fen. */
const fen = z.number().int().min(0).max(100_000_000_000);
/** A rate in basis points: 9000 = 90%, 9610 = 96.1%. Never a float. */
export const basisPointsSchema = z.number().int().min(0).max(10_000);
const bp = basisPointsSchema;

/** Visit types a benefit rule covers. */
export const visitTypeSchema = z.enum([
  "inpatient",
  "generalOutpatient",
  "chronicSpecialOutpatient",
  "hypertensionDiabetes",
]);

/** A value per hospital level (1, 2, 3). */
const byLevel = <T extends z.ZodType>(t: T) => z.object({ "1": t, "2": t, "3": t });

/** What the insured pays before the fund pays. */
export const deductibleSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({ kind: z.literal("perYear"), amountFen: fen }),
  /** The nth admission in a year pays `amountsFen[n-1]`; the last amount repeats. */
  z.object({ kind: z.literal("perAdmission"), amountsFen: z.array(fen).min(1) }),
  z.object({ kind: z.literal("byHospitalLevel"), amountsFen: byLevel(fen) }),
]);

/** One band of a rate table: `[fromFen, toFen)` at a flat rate or a rate per hospital level. */
export const rateBandSchema = z.object({
  fromFen: fen,
  toFen: fen.nullable(),
  rateBp: bp.optional(),
  rateByLevelBp: byLevel(bp).optional(),
}).refine((b) => (b.rateBp === undefined) !== (b.rateByLevelBp === undefined), {
  message: "a band has either rateBp or rateByLevelBp",
}).refine((b) => b.toFen === null || b.toFen > b.fromFen, { message: "toFen must be above fromFen" });

/**
 * Rates by cost band. `base` says what the bands are measured on: the cumulative in-scope cost of
 * the year (`cumulativeInScope`) or the amount above the deductible (`aboveDeductible`).
 */
export const rateTableSchema = z.object({
  base: z.enum(["cumulativeInScope", "aboveDeductible"]),
  bands: z.array(rateBandSchema).min(1),
});

/** Who an adjustment applies to. */
export const adjustmentTargetSchema = z.enum(["retired", "student", "minor"]);

/** Retiree, student and minor adjustments: added points, or a table of their own. */
export const adjustmentSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("addPoints"), when: adjustmentTargetSchema, points: bp }),
  z.object({
    kind: z.literal("table"),
    when: adjustmentTargetSchema,
    deductible: deductibleSchema.optional(),
    rates: rateTableSchema.optional(),
  }),
]);

/** A second layer (大病保险) paying part of the residual above its own deductible, in bands. */
export const secondLayerSchema = z.object({
  deductibleFen: fen,
  bands: z.array(z.object({ fromFen: fen, toFen: fen.nullable(), rateBp: bp })).min(1),
  annualCapFen: fen.nullable(),
});

/**
 * How care outside the enrollment region is treated (the care region's catalogue decides scope).
 * Each override may carry its own person `adjustments` (e.g. retirees 85% where the employed get
 * 81%): they apply after the override, as the rule's own adjustments apply to the rule's terms.
 */
export const crossRegionSchema = z.object({
  registered: z.object({
    deductible: deductibleSchema.optional(),
    rates: rateTableSchema.optional(),
    adjustments: z.array(adjustmentSchema).optional(),
  }).optional(),
  unregistered: z.object({
    deductible: deductibleSchema.optional(),
    rates: rateTableSchema.optional(),
    adjustments: z.array(adjustmentSchema).optional(),
    /** Points taken off every rate when the insured did not register (or was not referred). */
    pointsOff: bp.optional(),
  }).optional(),
});

/**
 * Categories of in-catalogue items that published tables charge a share of first (先自付), apart from
 * class B: special examinations (特殊检查), special treatments (特殊治疗), medical materials (医用材料)
 * and imported medical materials (进口医用材料).
 */
export const itemCategorySchema = z.enum([
  "specialExamination",
  "specialTreatment",
  "medicalMaterial",
  "importedMaterial",
]);

/**
 * The share the insured pays first on one item category, and optionally a price limit per unit
 * (单价限额): the part of an item above `limit × quantity` is outside the fund's scope and paid by
 * the insured; the share is then taken off the rest. An item of a category with a share pays this
 * share instead of the class-B share (never both); `importedMaterial` items fall back to the
 * `medicalMaterial` entry when the rule has no entry of their own.
 */
export const categorySelfPaySchema = z.object({
  category: itemCategorySchema,
  selfPayBp: bp,
  itemLimitFen: fen.optional(),
});

/**
 * A benefit rule as graph data: the parameters the eligibility service evaluates for one
 * insurance type and visit type in one pooling region. Every published table must fit this model.
 */
export const benefitRuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{2,80}$/),
  insuranceType: insuranceTypeSchema,
  visitType: visitTypeSchema,
  /** Where the figures come from: region, year and source, as published. */
  source: z.object({
    region: regionCodeSchema,
    year: z.number().int().min(2000).max(2100),
    note: z.string().min(4),
  }),
  deductible: deductibleSchema,
  rates: rateTableSchema,
  adjustments: z.array(adjustmentSchema).default([]),
  /** Share of class-B items the insured pays first (先自付). */
  classBSelfPayBp: bp.default(0),
  /**
   * Shares per item category (特殊检查、特殊治疗、医用材料), at most one entry per category. Absent or
   * empty: items of every category are treated by their class alone.
   */
  categorySelfPay: z.array(categorySelfPaySchema).refine(
    (entries) => new Set(entries.map((e) => e.category)).size === entries.length,
    { message: "at most one entry per category" },
  ).optional(),
  /** The most the fund pays in a year; null when there is no cap, or none was published (below). */
  annualCapFen: fen.nullable(),
  /** True when the published table states no cap at all: estimates then say so instead of implying none. */
  annualCapUnpublished: z.boolean().default(false),
  /**
   * The hospital levels the rule covers (e.g. Lianyungang's table is for level 1 and below); a visit at
   * another level is not estimated by it. Absent: every level.
   */
  hospitalLevels: z.array(z.union([z.literal(1), z.literal(2), z.literal(3)])).min(1).max(3).optional(),
  secondLayer: secondLayerSchema.optional(),
  crossRegion: crossRegionSchema.optional(),
  /** Steps rounded to the fen, half up. */
  rounding: z.array(z.enum(["classBSelfPay", "deductible", "band", "fundPays", "secondLayer"])).default([
    "classBSelfPay",
    "band",
    "fundPays",
    "secondLayer",
  ]),
});

/** The share on one item category. */
export type CategorySelfPay = z.infer<typeof categorySelfPaySchema>;
/** An item category with a share of its own. */
export type ItemCategory = z.infer<typeof itemCategorySchema>;

/** A benefit rule. */
export type BenefitRule = z.infer<typeof benefitRuleSchema>;
