import { z } from "@hono/zod-openapi";
import { calendarDateSchema, insuranceTypeSchema, regionCodeSchema, visitTypeSchema } from "@yibao/domain";
import { employmentSchema, MAX_VISIT_FEN, visitAmountsSchema, yearToDateSchema } from "./rules/mod.ts";

/** Most line items in one visit. */
export const maxItems = 2_000;

/** One line of the bill: what it is, its catalogue class and its amount in fen. */
export const visitItemSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  class: z.enum(["classA", "classB", "selfPay"]).openapi({
    description: "甲类、乙类或丙类（自费）/ Catalogue class",
  }),
  amountFen: z.number().int().min(0).max(MAX_VISIT_FEN),
}).openapi("VisitItem");

/** One estimate as partner apps ask for it: the person, the visit and the year so far. */
export const estimateRequestSchema = z.object({
  person: z.object({
    insuranceType: insuranceTypeSchema,
    enrollmentRegion: regionCodeSchema.openapi({
      description: "参保地 / Where the person is insured",
      example: "110105",
    }),
    employment: employmentSchema,
    age: z.number().int().min(0).max(130),
  }),
  visit: z.object({
    type: visitTypeSchema,
    careRegion: regionCodeSchema.openapi({ description: "就医地 / Where care happens", example: "110108" }),
    hospitalLevel: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    date: calendarDateSchema.openapi({ description: "就诊日期（上海时间）/ Visit date" }),
    registered: z.boolean().optional().openapi({
      description: "异地就医是否已备案 / Registered for cross-region care",
    }),
    amounts: visitAmountsSchema.optional().openapi({
      description:
        "甲类、乙类、自费金额（分）；与 items 二选一或一致 / Class A, B and self-pay amounts in fen; give these or items (or both, agreeing)",
    }),
    items: z.array(visitItemSchema).min(1).max(maxItems).optional().openapi({
      description: "费用明细，按类别汇总 / Line items, summed by class",
    }),
    totalFen: z.number().int().min(0).max(MAX_VISIT_FEN * 3).optional().openapi({
      description:
        "总费用（分），给出时须等于各类之和 / The bill's total in fen; must equal the sum of the classes",
    }),
  }).refine((v) => v.amounts !== undefined || v.items !== undefined, {
    message: "give amounts (class totals) or items",
    params: {
      zh: "请填写分类金额（amounts）或费用明细（items）",
      en: "Give amounts (class totals) or items",
    },
    path: ["amounts"],
  }),
  yearToDate: yearToDateSchema.optional(),
  asOf: calendarDateSchema.optional().openapi({
    description: "按哪天的政策测算，默认就诊日 / Rules as of this date; default the visit date",
  }),
}).openapi("EstimateRequest");

/** A parsed estimate request. */
export type EstimateRequest = z.infer<typeof estimateRequestSchema>;

/** Most estimates in one batch. */
export const maxBatch = 1_000;

/**
 * A batch of estimates. Only the envelope is checked here: each item is parsed on its own
 * (`estimateRequestSchema`), so one bad item gets its own problem instead of failing the batch.
 * The OpenAPI description still gives every item's schema.
 */
export const batchRequestSchema = z.object({
  items: z.array(
    z.unknown().openapi({ $ref: "#/components/schemas/EstimateRequest" } as Record<string, unknown>),
  ).min(1).max(maxBatch),
}).openapi("EstimateBatchRequest");
