/**
 * @module
 * What an answer to an item may be, and whether it is right. Pure: takes the item as the graph
 * keeps it (graph-schema/README.md) and the answer as sent, returns the answer to store or
 * the fields that are wrong.
 *
 * 1. `singleChoice` and `trueFalse`: exactly one of the item's choice ids (`true` / `false` for
 *    true/false items).
 * 2. `multipleChoice`: one or more distinct choice ids of the item.
 * 3. `rating`: an integer 1–5.
 * 4. `openText`: 1–500 characters after trimming.
 * 5. `correct` is computed on the server, never taken from the client, by the item bank's one
 *    marking rule (`isCorrect` in items/model.ts): for a knowledge item (one with `correctChoiceIds`)
 *    true when the chosen set equals the key exactly, or an open text matches an accepted answer;
 *    null for opinion items.
 */
import type { FieldError } from "@yibao/kit";
import { isCorrect, type ItemKind, itemKinds, trueFalseChoices } from "../items/model.ts";

export { type ItemKind, itemKinds };

/** An item as a launch reads it. */
export interface LiveItem {
  id: string;
  kind: ItemKind;
  stem: string;
  choices: { id: string; text: string }[];
  /** Empty for opinion and feedback items. */
  correctChoiceIds: string[];
  explanation: string | null;
  anonymous: boolean;
  status: string;
}

/** An answer as sent. */
export interface SentAnswer {
  itemId: string;
  choiceIds?: string[] | undefined;
  rating?: number | undefined;
  text?: string | undefined;
}

/** An answer ready to store. */
export interface GradedAnswer {
  itemId: string;
  choiceIds: string[] | null;
  rating: number | null;
  text: string | null;
  correct: boolean | null;
}

/** Longest open-text answer, in characters. */
export const maxAnswerText = 500;

/** True when the item has a key: a knowledge (quiz) item. */
export function isKnowledge(item: Pick<LiveItem, "correctChoiceIds">): boolean {
  return item.correctChoiceIds.length > 0;
}

/** The item's choices (true/false items have fixed ones when none are stored). */
export function choicesOf(item: Pick<LiveItem, "kind" | "choices">): { id: string; text: string }[] {
  if (item.kind === "trueFalse" && item.choices.length === 0) return trueFalseChoices;
  if (item.kind === "rating" || item.kind === "openText") return [];
  return item.choices;
}

/** Checks `sent` against `item`; `path` names the answer in the request (`body.answers.0`). */
export function grade(item: LiveItem, sent: SentAnswer, path: string): GradedAnswer | FieldError[] {
  const choiceIds = sent.choiceIds ?? [];
  const wrong = (field: string, zh: string, en: string): FieldError[] => [
    { path: `${path}.${field}`, message: { zh, en } },
  ];
  switch (item.kind) {
    case "singleChoice":
    case "trueFalse":
    case "multipleChoice": {
      const allowed = new Set(choicesOf(item).map((c) => c.id));
      if (choiceIds.length === 0) return wrong("choiceIds", "请选择一个选项", "choose an option");
      if (item.kind !== "multipleChoice" && choiceIds.length > 1) {
        return wrong("choiceIds", "这道题只能选一个选项", "this item takes exactly one choice");
      }
      if (new Set(choiceIds).size !== choiceIds.length) {
        return wrong("choiceIds", "选项不能重复", "choices must be distinct");
      }
      const unknown = choiceIds.filter((c) => !allowed.has(c));
      if (unknown.length) {
        return wrong(
          "choiceIds",
          "选项不属于这道题",
          `unknown choice ${unknown.map((c) => `"${c}"`).join(", ")}`,
        );
      }
      const chosen = [...choiceIds].sort();
      return {
        itemId: item.id,
        choiceIds: chosen,
        rating: null,
        text: null,
        correct: isCorrect(item, { choiceIds: chosen }),
      };
    }
    case "rating": {
      const r = sent.rating;
      if (r === undefined || !Number.isInteger(r) || r < 1 || r > 5) {
        return wrong("rating", "请给出 1–5 分", "must be a whole number from 1 to 5");
      }
      return { itemId: item.id, choiceIds: null, rating: r, text: null, correct: null };
    }
    case "openText": {
      const text = (sent.text ?? "").trim();
      if (text.length === 0) return wrong("text", "请填写回答", "is empty");
      if ([...text].length > maxAnswerText) {
        return wrong(
          "text",
          `回答不能超过 ${maxAnswerText} 个字`,
          `is longer than ${maxAnswerText} characters`,
        );
      }
      return { itemId: item.id, choiceIds: null, rating: null, text, correct: isCorrect(item, { text }) };
    }
  }
}

/** Reads an item node's properties (choices as the model's JSON string) into a LiveItem. */
export function toLiveItem(p: Record<string, unknown>): LiveItem {
  let choices: { id: string; text: string }[] = [];
  try {
    const parsed = typeof p.choices === "string" ? JSON.parse(p.choices) : p.choices;
    if (Array.isArray(parsed)) {
      choices = parsed.map((c) => ({ id: String(c.id), text: String(c.text ?? "") }));
    }
  } catch { /* an unreadable list: no choices */ }
  return {
    id: p.id as string,
    kind: p.kind as ItemKind,
    stem: (p.stem as string) ?? "",
    choices,
    correctChoiceIds: ((p.correctChoiceIds as string[] | null) ?? []).map(String),
    explanation: (p.explanation as string | null) ?? null,
    anonymous: Boolean(p.anonymous),
    status: (p.status as string) ?? "ready",
  };
}
