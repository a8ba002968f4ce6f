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

/**
 * A text's character bigrams (what {@linkcode similarity} compares), as sorted numbers: each bigram of
 * two UTF-16 code units `a`, `b` is `a * 65536 + b`, a text of one unit is `-(a + 1)`, and a bigram that
 * occurs twice is there twice. Comparing two texts is then one merge of two sorted arrays, with no
 * hashing: each question asked is compared with up to 500 recent ones.
 */
export interface Bigrams {
  codes: Float64Array;
}

function bigramsOf(s: string): Bigrams {
  const t = s.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, "");
  if (t.length === 1) return { codes: Float64Array.of(-(t.charCodeAt(0) + 1)) };
  const codes = new Float64Array(Math.max(0, t.length - 1));
  for (let i = 0; i < codes.length; i++) codes[i] = t.charCodeAt(i) * 65536 + t.charCodeAt(i + 1);
  return { codes: codes.sort() };
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

/**
 * The Dice coefficient of two texts' bigrams, 0…1: twice the bigrams they share (a bigram that
 * one text has twice and the other once counts once) over how many both have.
 */
export function bigramSimilarity(a: Bigrams, b: Bigrams): number {
  const x = a.codes;
  const y = b.codes;
  const total = x.length + y.length;
  if (total === 0) return 0;
  let both = 0;
  for (let i = 0, j = 0; i < x.length && j < y.length;) {
    if (x[i]! < y[j]!) i++;
    else if (x[i]! > y[j]!) j++;
    else {
      both++;
      i++;
      j++;
    }
  }
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
