import { z } from "@hono/zod-openapi";
import { calendarDateSchema, insuranceTypeSchema, regionCodeSchema, visitTypeSchema } from "@yibao/domain";
import {
  employmentSchema,
  MAX_VISIT_FEN,
  visitAmountsSchema,
  visitItemSchema,
  yearToDateSchema,
} from "./rules/mod.ts";

export { visitItemSchema };

/** Most line items in one visit. */
export const maxItems = 2_000;

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
      description:
        "费用明细，按类别汇总；特殊检查、特殊治疗、医用材料的先自付和单价限额需要明细 / Line items, summed by class; category shares and price limits need them",
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
  yearToDate: yearToDateSchema.optional().openapi({
    description:
      "本年此前的累计（同一年的下一次就诊可直接使用上次结果的 yearToDateAfter）/ The year so far; the next visit of the year can send the previous estimate's yearToDateAfter",
  }),
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
