/**
 * The moderation of a question, as pure rules: pending → approved or dismissed (with an edit on
 * approval), merge into another, pin the one being answered, answer with cited policies, reopen.
 */

/** Where a question is in moderation. */
export type QuestionStatus = "pending" | "approved" | "dismissed" | "answered" | "merged";

/** What a host does to a question. */
export type ModerationAction =
  | { action: "approve"; text?: string }
  | { action: "dismiss"; reason?: string }
  | { action: "merge"; into: string }
  | { action: "pin" }
  | { action: "unpin" }
  | {
    action: "answer";
    answer: string;
    citedPolicies: readonly string[];
    citations?: readonly { policyId: string; version: number }[];
  }
  | { action: "reopen" };

/** The action is not possible from the question's state. */
export class ModerationRefused extends Error {
  override name = "ModerationRefused";
  constructor(message: string, readonly zh: string) {
    super(message);
  }
}

/** The state a question moves to, or ModerationRefused. */
export function nextStatus(current: QuestionStatus, a: ModerationAction): QuestionStatus {
  const refuse = (zh: string) => {
    throw new ModerationRefused(`Cannot ${a.action} a question that is ${current}`, zh);
  };
  switch (a.action) {
    case "approve":
      if (current !== "pending") refuse("只有待审核的问题可以通过");
      return "approved";
    case "dismiss":
      if (current !== "pending" && current !== "approved") refuse("只有待审核或已通过的问题可以驳回");
      return "dismissed";
    case "merge":
      if (current === "merged" || current === "answered") refuse("已合并或已回答的问题不能再合并");
      return "merged";
    case "pin":
      if (current !== "approved") refuse("只有已通过、未回答的问题可以置顶");
      return current;
    case "unpin":
      return current;
    case "answer":
      if (current !== "approved") refuse("只有已通过的问题可以标记为已回答");
      return "answered";
    case "reopen":
      if (current !== "answered" && current !== "dismissed") refuse("只有已回答或已驳回的问题可以重新打开");
      return "approved";
  }
}

/** Statuses the audience sees. */
export const publicStatuses: QuestionStatus[] = ["approved", "answered"];

/** A text's character bigrams with their counts, and their total (what {@linkcode similarity} compares). */
export interface Bigrams {
  grams: Map<string, number>;
  total: number;
}

function bigramsOf(s: string): Bigrams {
  const t = s.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, "");
  const grams = new Map<string, number>();
  for (let i = 0; i < t.length - 1; i++) {
    const g = t.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  if (t.length === 1) grams.set(t, 1);
  let total = 0;
  for (const n of grams.values()) total += n;
  return { grams, total };
}

/**
 * The bigrams of recent texts, kept so that each question's near-duplicate check (the new text against
 * a session's last 500) splits each stored text once, not once per question asked after it: in the
 * benchmark's profile that splitting was 3.5–5.2% of each instance's CPU. Bounded: emptied when full.
 */
const bigramCache = new Map<string, Bigrams>();
const bigramCacheSize = 20_000;

/** A text's bigrams (cached). */
export function bigrams(text: string): Bigrams {
  let b = bigramCache.get(text);
  if (!b) {
    if (bigramCache.size >= bigramCacheSize) bigramCache.clear();
    b = bigramsOf(text);
    bigramCache.set(text, b);
  }
  return b;
}

/** The Dice coefficient of two texts' bigrams, 0…1. */
export function bigramSimilarity(a: Bigrams, b: Bigrams): number {
  const total = a.total + b.total;
  if (total === 0) return 0;
  const [small, large] = a.grams.size <= b.grams.size ? [a.grams, b.grams] : [b.grams, a.grams];
  let both = 0;
  for (const [g, n] of small) both += Math.min(n, large.get(g) ?? 0);
  return (2 * both) / total;
}

/**
 * How alike two questions read, 0…1: the Dice coefficient of their character bigrams after
 * dropping punctuation and spaces (works for Chinese, which has no word breaks).
 */
export function similarity(a: string, b: string): number {
  return bigramSimilarity(bigrams(a), bigrams(b));
}

/** Questions at least this alike are offered for merging. */
export const nearDuplicateThreshold = 0.6;
