/**
 * @module
 * Items (题目): the questions a host asks in a poll, quiz or survey, as the API shows them and as the
 * rules check them. Pure: no HTTP, graph or bus.
 *
 * 1. `kind`: `singleChoice`, `multipleChoice` (2–10 choices), `trueFalse` (choices `true` 对 /
 *    `false` 错, always), `rating` (1–5, no choices), `openText` (short free text, no choices).
 * 2. A **knowledge item** has a key (`correctChoiceIds` not empty): it must give a plain explanation
 *    of the right answer and cite the policy and version it tests (`tests`). An item without a key is
 *    an opinion or feedback item and may cite nothing. Rating items never have a key.
 * 3. Keys: single choice and true/false one choice id, multiple choice one or more; every id names
 *    one of the item's choices. An openText item's key is its accepted answers (texts compared after
 *    trimming, case-folding and removing inner spaces): the short-answer form of QTI and GIFT.
 * 4. `isCorrect()` is the one place an answer is marked (live answers and imports use it).
 */
import { z } from "@hono/zod-openapi";
import { audienceIdSchema, policyIdSchema, topicIdSchema } from "@yibao/domain";
import type { FieldError } from "@yibao/kit";

/** The kinds of item. */
export const itemKinds = ["singleChoice", "multipleChoice", "trueFalse", "rating", "openText"] as const;
/** An item's kind. */
export type ItemKind = typeof itemKinds[number];
/** Whether an item may be launched (`ready`) or waits for someone to check it after an amendment. */
export const itemStatuses = ["ready", "needsReview"] as const;

/** An item id. */
export const itemIdSchema = z.string().regex(/^itm-[a-z0-9-]{8,40}$/, "an item id (itm-…)");

/** The two fixed choices of a true/false item. */
export const trueFalseChoices = [{ id: "true", text: "对" }, { id: "false", text: "错" }];

const choiceSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, "letters, digits, dash, underscore (1–20)"),
  text: z.string().trim().min(1).max(300),
});

/** The policy and version a knowledge item tests. */
export const testsSchema = z.object({
  policyId: policyIdSchema,
  version: z.number().int().min(1).max(100_000),
}).openapi("ItemTests");

/** The fields a writer gives (POST, and PATCH with every field optional). */
export const itemFields = {
  kind: z.enum(itemKinds),
  stem: z.string().trim().min(2).max(1000).openapi({ description: "The question as the audience reads it" }),
  choices: z.array(choiceSchema).max(10).default([]).openapi({
    description:
      "Choice items: 2–10 choices; true/false: leave empty (对/错 are fixed); rating and openText: none",
  }),
  correctChoiceIds: z.array(z.string().trim().min(1).max(300)).max(20).default([]).openapi({
    description:
      "The key (knowledge items): choice ids, or for openText the accepted answers. Empty for opinion and feedback items.",
  }),
  explanation: z.string().trim().max(2000).default("").openapi({
    description: "Plain-Chinese explanation of the right answer (required with a key)",
  }),
  tests: testsSchema.nullable().default(null).openapi({
    description: "The policy and version a knowledge item tests (required with a key; 422 when unknown)",
  }),
  topics: z.array(topicIdSchema).max(20).default([]),
  audiences: z.array(audienceIdSchema).max(20).default([]),
  anonymous: z.boolean().default(false).openapi({
    description: "Answers are stored without who gave them (only a receipt knows who answered)",
  }),
};

/** POST /v1/items */
export const newItemBody = z.object(itemFields).openapi("NewItem");
/** An item as written (after defaults). */
export type ItemInput = Omit<z.output<typeof newItemBody>, "audiences"> & { audiences: string[] };

/** PATCH /v1/items/{id}: any field. */
export const itemPatch = z.object({
  kind: itemFields.kind.optional(),
  stem: itemFields.stem.optional(),
  choices: z.array(choiceSchema).max(10).optional(),
  correctChoiceIds: z.array(z.string().trim().min(1).max(300)).max(20).optional(),
  explanation: z.string().trim().max(2000).optional(),
  tests: testsSchema.nullable().optional(),
  topics: z.array(topicIdSchema).max(20).optional(),
  audiences: z.array(audienceIdSchema).max(20).optional(),
  anonymous: z.boolean().optional(),
}).openapi("ItemPatch");

/** Why an item was flagged. */
export const reviewSchema = z.object({
  amendmentId: z.string(),
  amendmentIds: z.array(z.string()),
  policyId: z.string(),
  version: z.number().nullable(),
  summary: z.string(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  flaggedAt: z.string(),
  testedVersion: z.number().nullable().optional().openapi({
    description: "The version the item tested when flagged",
  }),
}).openapi("ItemReview");

/** An item as the API shows it. */
export const itemSchema = z.object({
  id: z.string(),
  kind: z.enum(itemKinds),
  stem: z.string(),
  choices: z.array(z.object({ id: z.string(), text: z.string() })),
  correctChoiceIds: z.array(z.string()),
  explanation: z.string(),
  tests: z.object({ policyId: z.string(), version: z.number() }).nullable(),
  topics: z.array(z.string()),
  audiences: z.array(z.string()),
  anonymous: z.boolean(),
  knowledge: z.boolean().openapi({
    description: "Has a key (a quiz item), rather than an opinion or feedback item",
  }),
  status: z.enum(itemStatuses),
  review: reviewSchema.nullable().openapi({
    description: "Why it needs review (an amendment and its changes)",
  }),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  revision: z.number().openapi({ description: 'Bumped by every change; the ETag is `"r<revision>"`' }),
}).openapi("Item");
/** An item as the API shows it. */
export type Item = z.infer<typeof itemSchema>;

/** The key normalised for its kind (true/false choices are fixed). */
export function normalised(input: ItemInput): ItemInput {
  if (input.kind === "trueFalse") return { ...input, choices: trueFalseChoices };
  if (input.kind === "rating" || input.kind === "openText") return { ...input, choices: [] };
  return input;
}

/**
 * What is wrong with an item, each problem named by its field (`prefix` + field, e.g.
 * `body.correctChoiceIds`). Checks the rules of the module doc; existence of the cited policy,
 * version, topics and audiences is the repository's.
 */
export function itemProblems(input: ItemInput, prefix = "body."): FieldError[] {
  const out: FieldError[] = [];
  const at = (field: string, zh: string, en: string) =>
    out.push({ path: prefix + field, message: { zh, en } });
  const key = input.correctChoiceIds;
  const choiceIds = input.choices.map((c) => c.id);
  if (input.kind === "singleChoice" || input.kind === "multipleChoice") {
    if (input.choices.length < 2) at("choices", "选择题至少要有 2 个选项", "needs at least 2 choices");
    if (new Set(choiceIds).size !== choiceIds.length) {
      at("choices", "选项标识不能重复", "has repeated choice ids");
    }
  } else if (input.kind !== "trueFalse" && input.choices.length > 0) {
    at("choices", "这种题型没有选项", `a ${input.kind} item has no choices`);
  }
  if (input.kind === "rating" && key.length > 0) {
    at("correctChoiceIds", "评分题没有标准答案", "a rating item has no key");
  }
  if ((input.kind === "singleChoice" || input.kind === "trueFalse") && key.length > 1) {
    at(
      "correctChoiceIds",
      "单选题和判断题只能有一个正确答案",
      "a single-choice or true/false item has one key",
    );
  }
  const allowed = input.kind === "trueFalse" ? ["true", "false"] : choiceIds;
  if (input.kind !== "openText" && input.kind !== "rating") {
    const unknown = key.filter((k) => !allowed.includes(k));
    if (unknown.length) {
      at(
        "correctChoiceIds",
        `正确答案「${unknown.join("、")}」不是本题的选项`,
        `names no choice: ${unknown.join(", ")}`,
      );
    }
  }
  if (new Set(key).size !== key.length) at("correctChoiceIds", "正确答案不能重复", "has repeated entries");
  if (key.length > 0) {
    if (!input.explanation) {
      at("explanation", "有标准答案的题目要写答案解析", "is required for an item with a key");
    }
    if (!input.tests) {
      at(
        "tests",
        "有标准答案的题目要注明考查的政策和版本",
        "is required for an item with a key (policy and version)",
      );
    }
  }
  return out;
}

/** Text answers compared: trimmed, case-folded, inner whitespace removed, full-width ASCII folded. */
export function normaliseText(s: string): string {
  return s.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, "");
}

/** An answer to one item. */
export interface GivenAnswer {
  choiceIds?: string[];
  text?: string;
  rating?: number;
}

/** True/false for a knowledge item's answer; null for an item without a key. */
export function isCorrect(
  item: Pick<Item, "kind" | "correctChoiceIds">,
  answer: GivenAnswer,
): boolean | null {
  if (item.correctChoiceIds.length === 0 || item.kind === "rating") return null;
  if (item.kind === "openText") {
    const t = normaliseText(answer.text ?? "");
    return t.length > 0 && item.correctChoiceIds.some((k) => normaliseText(k) === t);
  }
  const given = new Set(answer.choiceIds ?? []);
  return given.size === item.correctChoiceIds.length && item.correctChoiceIds.every((k) => given.has(k));
}
