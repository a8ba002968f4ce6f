/**
 * The item form's values as a person types them, and the API body they become:
 *
 * 1. Choices are one per line; their ids are a, b, c … (an edit with the same number of lines keeps
 *    the ids the item had, so answers already given still point at the right choice).
 * 2. The key: choice letters (ids) separated by commas, spaces or 、; for true/false 对 or 错 (or
 *    true/false); for short answer the accepted answers separated by |; ratings have none.
 * 3. The service's field paths map back to the form's fields, so each error shows next to its field.
 */
import type { Item, ItemBody } from "../api/items.ts";

/** The form's fields, as strings. */
export interface ItemFormValues {
  kind: string;
  stem: string;
  choices: string;
  key: string;
  explanation: string;
  policy: string;
  version: string;
  topic: string;
  audience: string;
  anonymous: boolean;
}

/** The empty form. */
export const emptyItemForm: ItemFormValues = {
  kind: "singleChoice",
  stem: "",
  choices: "",
  key: "",
  explanation: "",
  policy: "",
  version: "",
  topic: "",
  audience: "",
  anonymous: false,
};

const letters = (n: number) => (n < 26 ? String.fromCharCode(97 + n) : `c${n + 1}`);

/** An item's values in the form. */
export function formOfItem(item: Item): ItemFormValues {
  const key = item.kind === "trueFalse"
    ? item.correctChoiceIds.map((k) => (k === "true" ? "对" : "错")).join("")
    : item.kind === "openText"
    ? item.correctChoiceIds.join(" | ")
    : item.correctChoiceIds.join(", ");
  return {
    kind: item.kind,
    stem: item.stem,
    choices: item.kind === "singleChoice" || item.kind === "multipleChoice"
      ? item.choices.map((c) => c.text).join("\n")
      : "",
    key,
    explanation: item.explanation,
    policy: item.tests?.policyId ?? "",
    version: item.tests ? String(item.tests.version) : "",
    topic: item.topics[0] ?? "",
    audience: item.audiences[0] ?? "",
    anonymous: item.anonymous,
  };
}

/** The API body of the form's values (`before`: the item being edited, whose choice ids are kept). */
export function bodyOfForm(f: ItemFormValues, before?: Item): ItemBody {
  const kind =
    (["singleChoice", "multipleChoice", "trueFalse", "rating", "openText"].includes(f.kind)
      ? f.kind
      : "singleChoice") as ItemBody["kind"];
  const lines = f.choices.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const keep = before && before.choices.length === lines.length && before.kind === kind;
  const choices = kind === "singleChoice" || kind === "multipleChoice"
    ? lines.map((text, n) => ({ id: keep ? before!.choices[n]!.id : letters(n), text }))
    : [];
  let correctChoiceIds: string[] = [];
  const key = f.key.trim();
  if (kind === "trueFalse") {
    if (/^(对|是|正确|true|t)$/i.test(key)) correctChoiceIds = ["true"];
    else if (/^(错|否|错误|false|f)$/i.test(key)) correctChoiceIds = ["false"];
    else if (key) correctChoiceIds = [key];
  } else if (kind === "openText") {
    correctChoiceIds = key.split("|").map((s) => s.trim()).filter(Boolean);
  } else if (kind !== "rating") {
    correctChoiceIds = key.split(/[,，、\s]+/).map((s) => s.trim()).filter(Boolean).map((s) => {
      const byLetter = /^[a-zA-Z]$/.test(s) ? choices[s.toLowerCase().charCodeAt(0) - 97]?.id : undefined;
      return choices.some((c) => c.id === s) ? s : byLetter ?? s;
    });
  }
  const version = Number(f.version);
  return {
    kind,
    stem: f.stem.trim(),
    choices,
    correctChoiceIds,
    explanation: f.explanation.trim(),
    tests: f.policy.trim()
      ? { policyId: f.policy.trim(), version: Number.isInteger(version) && version > 0 ? version : 0 }
      : null,
    topics: f.topic ? [f.topic] : [],
    audiences: f.audience ? [f.audience] : [],
    anonymous: f.anonymous,
  };
}

const fieldOfPath: [string, keyof ItemFormValues][] = [
  ["body.kind", "kind"],
  ["body.stem", "stem"],
  ["body.choices", "choices"],
  ["body.correctChoiceIds", "key"],
  ["body.explanation", "explanation"],
  ["body.tests.version", "version"],
  ["body.tests", "policy"],
  ["body.topics", "topic"],
  ["body.audiences", "audience"],
  ["body.anonymous", "anonymous"],
];

/** The form field an API error path belongs to (undefined when none). */
export function formFieldOf(path: string): keyof ItemFormValues | undefined {
  return fieldOfPath.find(([p]) => path === p || path.startsWith(`${p}.`))?.[1];
}
