import { z } from "@hono/zod-openapi";
import { calendarDateSchema, insuranceTypeSchema, regionCodeSchema, visitTypeSchema } from "@yibao/domain";
import { employmentSchema, visitAmountsSchema, yearToDateSchema } from "./rules/mod.ts";

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
    amounts: visitAmountsSchema.openapi({
      description: "甲类、乙类、自费金额（分）/ Class A, B and self-pay amounts in fen",
    }),
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

/** A batch of estimates. */
export const batchRequestSchema = z.object({
  items: z.array(estimateRequestSchema).min(1).max(maxBatch, `at most ${maxBatch} estimates per batch`),
}).openapi("EstimateBatchRequest");
