import { z } from "@hono/zod-openapi";
import {
  audienceIdSchema,
  benefitRuleSchema,
  calendarDateSchema,
  changeSchema,
  eligibilityRuleSchema,
  isoDateSchema,
  policyContentSchema,
  policyIdSchema,
  regionCodeSchema,
  summariesSchema,
  topicIdSchema,
} from "@yibao/domain";
import { deskStates, returnReasonLength } from "./workflow.ts";

const deskState = z.enum(deskStates as [string, ...string[]]).openapi({
  description:
    "草稿、被退回、待审核、已批准、待生效、已生效、已撤回 / draft, returned (sent back, not resubmitted), submitted, approved, scheduled (published, effectiveFrom after today in Asia/Shanghai), published (in effect), withdrawn",
});

export const amendmentReturnSchema = z.object({
  reason: z.string(),
  by: z.string(),
  byName: z.string(),
  at: z.string(),
}).openapi("AmendmentReturn");

export const newPolicyBody = z.object({
  id: policyIdSchema,
  docNumber: z.string().trim().min(2).max(100),
  issuer: z.string().trim().min(2).max(200),
  regions: z.array(regionCodeSchema).min(1).max(100),
  audiences: z.array(audienceIdSchema).min(1).max(20),
  topics: z.array(topicIdSchema).min(1).max(10),
  implements: policyIdSchema.optional(),
  overrides: policyIdSchema.optional(),
  title: z.string().trim().min(4).max(200),
  body: z.string().min(20).max(50_000),
  summaries: summariesSchema,
  rules: z.array(benefitRuleSchema).max(50).default([]),
  eligibility: z.array(eligibilityRuleSchema).max(20).default([]),
  summary: z.string().trim().min(4).max(1_000).openapi({
    description: "首次发布说明 / What the first publication says",
  }),
  effectiveFrom: calendarDateSchema,
}).openapi("NewPolicy");

export const newAmendmentBody = z.object({
  summary: z.string().trim().min(4).max(1_000),
  effectiveFrom: calendarDateSchema,
  changes: z.array(changeSchema).min(1).max(500),
}).openapi("NewAmendment");

export const amendmentPatch = z.object({
  summary: z.string().trim().min(4).max(1_000).optional(),
  effectiveFrom: calendarDateSchema.optional(),
  changes: z.array(changeSchema).min(1).max(500).optional(),
}).refine((p) => Object.keys(p).length > 0, {
  message: "give at least one of summary, effectiveFrom, changes",
  params: {
    zh: "请至少修改摘要、生效日期或政策内容中的一项",
    en: "Give at least one of summary, effectiveFrom, changes",
  },
})
  .openapi("AmendmentPatch");

/** A text of a draft that still quotes a figure the amendment changes. */
export const staleFigureWarningSchema = z.object({
  field: z.string(),
  message: z.object({ zh: z.string(), en: z.string() }),
  quote: z.string(),
}).openapi("StaleFigureWarning");

export const amendmentSchema = z.object({
  id: z.string(),
  policyId: z.string(),
  status: z.enum(["draft", "submitted", "approved", "published", "withdrawn"]),
  state: deskState,
  summary: z.string(),
  effectiveFrom: isoDateSchema,
  baseVersion: z.number().int(),
  initial: z.boolean(),
  changes: z.array(changeSchema),
  authorId: z.string(),
  authorName: z.string().nullable().optional().openapi({
    description:
      "起草人姓名；演示数据载入的修订没有 / The author's name; amendments loaded with the demo data have none",
  }),
  revision: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string().nullable().optional().openapi({
    description:
      "最后修改时间；演示数据载入的修订没有 / Last change; amendments loaded with the demo data have none",
  }),
  submittedAt: z.string().optional(),
  approvedBy: z.string().optional(),
  approvedByName: z.string().optional(),
  approvedAt: z.string().optional(),
  publishedBy: z.string().optional(),
  publishedByName: z.string().optional(),
  publishedAt: z.string().optional(),
  returns: z.array(amendmentReturnSchema).openapi({
    description: "审核人每次退回的理由，最早在前 / Every return to draft by a reviewer, oldest first",
  }),
  version: z.number().int().optional(),
  withdrawnAt: z.string().optional(),
  publishedEventId: z.string().optional(),
  effectiveEventId: z.string().optional(),
  supersededBy: z.string().optional().openapi({
    description:
      "同日生效的更正修订 id：本修订产生的版本已被取代，从未生效或当日起不再有效 / The same-day correction that superseded the version this amendment made",
  }),
  warnings: z.array(staleFigureWarningSchema).optional().openapi({
    description:
      "（GET 草稿时）仍引用修改前数字的文字 / On GET of an open amendment: texts still quoting a changed parameter's old figure",
  }),
}).openapi("Amendment");

export const amendmentIdParam = z.object({
  id: z.string().regex(/^amd-[0-9a-f-]{36}$|^[a-z0-9][a-z0-9-]{2,80}$/, "must be an amendment id")
    .openapi({ param: { name: "id", in: "path" } }),
});

export const returnBody = z.object({
  reason: z.string().trim().min(returnReasonLength.min).max(returnReasonLength.max).openapi({
    description: "退回理由，作者可见 / Why it goes back; its author sees it",
  }),
}).openapi("AmendmentReturnRequest");

export const deskQuery = z.object({
  state: z.union([z.string().max(200), z.array(z.string().max(200)).max(20)]).optional().openapi({
    description:
      "可重复或逗号分隔 / Repeatable or a comma list of draft, returned, submitted, approved, scheduled, published, withdrawn",
  }),
  policyId: policyIdSchema.optional(),
  authorId: z.string().min(1).max(200).optional(),
  waitingForMe: z.enum(["true", "false"]).optional().openapi({
    description: "待我审核：他人提交的修订 / Submitted amendments the caller did not author",
  }),
  q: z.string().trim().min(1).max(100).optional().openapi({
    description: "在说明、政策标题和文号中查找 / Text in the summary, the policy's title or doc number",
  }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(400).optional().openapi({
    description: "上一页的 nextCursor / The previous page's nextCursor",
  }),
});

const nullableString = z.string().nullable();

export const deskItemSchema = z.object({
  id: z.string(),
  policyId: z.string(),
  policyTitle: nullableString,
  docNumber: nullableString,
  state: deskState,
  status: z.enum(["draft", "submitted", "approved", "published", "withdrawn"]),
  summary: z.string(),
  effectiveFrom: isoDateSchema,
  initial: z.boolean(),
  authorId: z.string(),
  authorName: nullableString,
  approvedBy: nullableString,
  approvedByName: nullableString,
  createdAt: z.string(),
  updatedAt: nullableString,
  submittedAt: nullableString,
  publishedAt: nullableString,
  version: z.number().int().nullable(),
  latestReturn: amendmentReturnSchema.nullable(),
  revision: z.number().int(),
}).openapi("AmendmentDeskItem");

export const deskPageSchema = z.object({
  items: z.array(deskItemSchema),
  nextCursor: nullableString,
  counts: z.record(z.string(), z.number().int()).openapi({
    description: "各状态数量（同样的筛选，不计 state）/ Counts by state under the same filters, state aside",
  }),
}).openapi("AmendmentDeskPage");

export const amendmentContentSchema = z.object({
  amendmentId: z.string(),
  policyId: z.string(),
  baseVersion: z.number().int().openapi({
    description:
      "修改所依据的版本（已发布：其前一版本；否则当前最新版本；0 表示新政策）/ The version the changes apply to (published: the one before; else the latest now; 0: a new policy)",
  }),
  draftedAgainst: z.number().int(),
  base: policyContentSchema.nullable(),
  draft: policyContentSchema.nullable(),
  problems: z.array(z.object({ field: z.string(), message: z.string() })).openapi({
    description: "修改无法应用的字段 / Fields whose change no longer applies (draft is then null)",
  }),
  changes: z.array(changeSchema),
  warnings: z.array(staleFigureWarningSchema).openapi({
    description:
      "草稿中仍引用修改前数字的文字（正文、摘要、资格结果）/ Texts of the draft that still quote a changed parameter's old figure",
  }),
}).openapi("AmendmentContent");
