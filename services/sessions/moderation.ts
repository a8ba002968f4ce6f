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
 * How alike two questions read, 0…1: the Dice coefficient of their character bigrams after
 * dropping punctuation and spaces (works for Chinese, which has no word breaks).
 */
export function similarity(a: string, b: string): number {
  const grams = (s: string) => {
    const t = s.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, "");
    const out = new Map<string, number>();
    for (let i = 0; i < t.length - 1; i++) {
      const g = t.slice(i, i + 2);
      out.set(g, (out.get(g) ?? 0) + 1);
    }
    if (t.length === 1) out.set(t, 1);
    return out;
  };
  const ga = grams(a);
  const gb = grams(b);
  let both = 0;
  let total = 0;
  for (const n of ga.values()) total += n;
  for (const n of gb.values()) total += n;
  for (const [g, n] of ga) both += Math.min(n, gb.get(g) ?? 0);
  return total === 0 ? 0 : (2 * both) / total;
}

/** Questions at least this alike are offered for merging. */
export const nearDuplicateThreshold = 0.6;
