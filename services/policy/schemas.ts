import { z } from "@hono/zod-openapi";
import {
  audienceIdSchema,
  calendarDateSchema,
  isoDateSchema,
  policyIdSchema,
  regionCodeSchema,
  topicIdSchema,
} from "@yibao/domain";

/** `asOf`: a calendar date in Asia/Shanghai; defaults to today there. */
export const asOfParam = calendarDateSchema.optional().openapi({
  description: "日期（上海时间），默认今天 / Date in Asia/Shanghai, default today",
  example: "2025-06-01",
});

/** Paging. */
export const pagingParams = {
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({
    description: "每页条数 / Page size (1–100)",
  }),
  offset: z.coerce.number().int().min(0).max(10_000).default(0).openapi({
    description: "跳过条数 / Items to skip",
  }),
};

export const regionRef = z.object({ code: z.string(), name: z.string(), level: z.string() }).openapi(
  "RegionRef",
);

const listItemShape = {
  id: z.string(),
  title: z.string(),
  docNumber: z.string().openapi({ description: "文号 / Document number" }),
  issuer: z.string(),
  version: z.number().int(),
  effectiveFrom: isoDateSchema,
  effectiveTo: isoDateSchema.nullable(),
  publishedAt: z.string(),
  appliesIn: z.array(regionRef),
  topics: z.array(z.string()),
  audiences: z.array(z.string()),
  overrides: z.array(z.string()),
  implements: z.array(z.string()),
};

export const policyListItem = z.object({
  ...listItemShape,
  summary: z.object({ audience: z.string(), text: z.string() }).openapi({
    description: "面向所选人群的通俗解读 / Plain summary for the requested audience",
  }),
  score: z.number().optional(),
}).openapi("PolicyListItem");

export const policyPage = z.object({
  items: z.array(policyListItem),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
}).openapi("PolicyPage");

export const searchSnippet = z.object({
  field: z.enum(["title", "summary", "body"]).openapi({
    description:
      "匹配所在：标题、（所选人群的）解读或正文 / Where the words matched: the title, the summary for the audience, or the body",
  }),
  text: z.string().openapi({
    description:
      "原文片段（纯文本，不是 HTML；截断处为 …）/ The passage as plain text (never HTML); … where it was cut",
  }),
  highlights: z.array(z.object({ start: z.number().int(), end: z.number().int() })).openapi({
    description:
      "匹配位置：text 中的 [start, end)，按 Unicode 码位计 / Matches as [start, end) offsets into `text`, in Unicode code points",
  }),
  marked: z.string().openapi({
    description:
      "同一片段，匹配处以 ⟦ ⟧ 标出（原文中的 ⟦ ⟧ 已换成 [ ]）/ The same passage with each match between ⟦ and ⟧ (any ⟦ ⟧ in the policy text are replaced by [ ])",
    example: "…先办理⟦异地就医⟧⟦备案⟧，再到就医地…",
  }),
}).openapi("SearchSnippet");

export const searchItem = policyListItem.extend({ snippet: searchSnippet }).openapi("SearchItem");

export const searchPage = z.object({
  items: z.array(searchItem),
  total: z.number().int().openapi({
    description: "匹配的政策数（不是全部政策数）/ How many policies match (not the size of the catalogue)",
  }),
  limit: z.number().int(),
  offset: z.number().int(),
  q: z.string(),
  region: regionCodeSchema.nullable().openapi({
    description: "所查地区（未指定为 null）/ The region searched (null when none was given)",
  }),
  asOf: z.string(),
}).openapi("SearchPage");

export const policyDetail = z.object({
  ...listItemShape,
  asOf: isoDateSchema,
  latestVersion: z.number().int(),
  body: z.string(),
  summaries: z.record(z.string(), z.string()),
  rules: z.array(z.unknown()).openapi({ description: "福利规则（见 BenefitRule）/ Benefit rules" }),
  eligibility: z.array(z.unknown()).openapi({
    description: "资格规则（见 EligibilityRule）/ Eligibility rules",
  }),
  amendmentId: z.string().nullable(),
}).openapi("PolicyDetail");

export const listQuery = z.object({
  region: regionCodeSchema.optional().openapi({
    description:
      "GB/T 2260 地区代码；不填则列出所有地区当日有效的政策（不做覆盖）/ Region code; without it, every policy with a version valid on the date, in any region (nothing shadowed)",
    example: "110105",
  }),
  audience: audienceIdSchema.optional(),
  topic: topicIdSchema.optional(),
  asOf: asOfParam,
  ...pagingParams,
});

export const searchQuery = z.object({
  q: z.string().trim().min(1, "must not be empty").max(2_000).openapi({
    description: "问题或关键词（中文）/ Question or keywords; only the first 200 characters are searched",
    example: "异地就医怎么备案",
  }),
  region: regionCodeSchema.optional(),
  audience: audienceIdSchema.optional(),
  topic: topicIdSchema.optional(),
  asOf: asOfParam,
  ...pagingParams,
});

export const policyIdParam = z.object({ id: policyIdSchema.openapi({ param: { name: "id", in: "path" } }) });

export const change = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() }).openapi(
  "FieldChange",
);
