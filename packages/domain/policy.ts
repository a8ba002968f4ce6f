import { z } from "./zod.ts";
import { benefitRuleSchema } from "./benefit_rules.ts";
import { eligibilityRuleSchema } from "./eligibility_rules.ts";
import { audienceIdSchema, regionCodeSchema } from "./glossary.ts";

/** A policy id: lowercase, digits and dashes. */
export const policyIdSchema = z.string().regex(
  /^[a-z0-9][a-z0-9-]{2,80}$/,
  "must be lowercase letters, digits and dashes",
);
/** A topic id, camelCase as in GLOSSARY.md. */
export const topicIdSchema = z.string().regex(/^[a-z][A-Za-z0-9]{2,40}$/, "must be a camelCase topic id");
/** A calendar date, `YYYY-MM-DD` (Asia/Shanghai). */
export const isoDateSchema = z.iso.date();

/** Plain-language summaries per audience (at least one for `insured`). */
export const summariesSchema = z.partialRecord(audienceIdSchema, z.string().min(10).max(1_000))
  .refine((s) => typeof s.insured === "string", {
    message: "a summary for the audience insured is required",
  });

/** What a policy version says: the text, the summaries per audience, the benefit and eligibility rules. */
export const policyContentSchema = z.object({
  title: z.string().min(4).max(200),
  body: z.string().min(20).max(50_000),
  summaries: summariesSchema,
  rules: z.array(benefitRuleSchema).default([]),
  eligibility: z.array(eligibilityRuleSchema).default([]),
});

/** A policy version's content. */
export type PolicyContent = z.infer<typeof policyContentSchema>;

/** One change in an amendment's change list: a field path, what was, what is. */
export const changeSchema = z.object({
  field: z.string().min(1).max(300),
  before: z.unknown(),
  after: z.unknown(),
});

/** A change. */
export type Change = z.infer<typeof changeSchema>;

/** A topic. */
export const topicSchema = z.object({
  id: topicIdSchema,
  nameZh: z.string().min(2),
  nameEn: z.string().min(2),
});

/** A policy of the demo data (graph-schema/seed/demo/policies/*.json). */
export const demoPolicySchema = z.object({
  id: policyIdSchema,
  docNumber: z.string().min(2).max(100),
  issuer: z.string().min(2).max(200),
  regions: z.array(regionCodeSchema).min(1),
  audiences: z.array(audienceIdSchema).min(1),
  topics: z.array(topicIdSchema).min(1),
  implements: policyIdSchema.optional(),
  overrides: policyIdSchema.optional(),
  /** The first version, in full. */
  initial: policyContentSchema.extend({
    effectiveFrom: isoDateSchema,
    publishedAt: z.iso.datetime({ offset: true }),
  }),
  /** Published amendments in order; each produces the next version from the one before. */
  amendments: z.array(z.object({
    id: policyIdSchema,
    summary: z.string().min(10).max(1_000),
    effectiveFrom: isoDateSchema,
    publishedAt: z.iso.datetime({ offset: true }),
    changes: z.array(changeSchema).min(1),
  })).default([]),
});

/** A demo policy. */
export type DemoPolicy = z.infer<typeof demoPolicySchema>;
