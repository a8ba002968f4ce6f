/**
 * @module
 * A subset of Moodle's GIFT text format, read and written:
 *
 * 1. Questions are separated by blank lines; `//` comment lines are skipped; `::title::` names a
 *    question (its identifier here), else it is `q<n>`; a `[plain]` or `[moodle]` format mark is
 *    accepted, `[html]` and `[markdown]` are refused. `$CATEGORY:` lines are skipped.
 * 2. The answer block `{…}` ends the question (text after it, GIFT's "missing word", is refused):
 *    `{T}`/`{TRUE}`/`{F}`/`{FALSE}` true/false; `=right ~wrong …` single choice; `~%50%a ~%50%b ~c`
 *    multiple choice (positive weights are the key); only `=` answers a short answer (each one
 *    accepted); `{}` an open question without a key. Matching (`->`), numerical (`{#…}`) and
 *    anything else are refused, naming the question and the construct.
 * 3. `####text` in the block is the explanation (general feedback); else the first right answer's
 *    `#feedback`. Special characters `~ = # { } :` are escaped with a backslash.
 */
import {
  type Imported,
  InterchangeRefused,
  letterId,
  type Refusal,
  unsupported,
  wrong,
} from "./interchange.ts";
import type { Item } from "./model.ts";

/** Reads GIFT text; refuses with every problem named. */
export function parseGift(text: string): Imported[] {
  const blocks: string[][] = [[]];
  for (const line of text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n")) {
    if (/^\s*\/\//.test(line) || /^\s*\$CATEGORY:/.test(line)) continue;
    if (line.trim() === "") {
      if (blocks[blocks.length - 1]!.length) blocks.push([]);
    } else blocks[blocks.length - 1]!.push(line);
  }
  const questions = blocks.filter((b) => b.length).map((b) => b.join("\n"));
  if (questions.length === 0) {
    throw new InterchangeRefused([{
      position: 0,
      ident: "-",
      zh: "文件里没有题目",
      en: "The file holds no question",
    }]);
  }
  const out: Imported[] = [];
  const refusals: Refusal[] = [];
  questions.forEach((q, n) => {
    const r = readQuestion(q, n + 1);
    if ("refusal" in r) refusals.push(r.refusal);
    else out.push(r.item);
  });
  if (refusals.length) throw new InterchangeRefused(refusals);
  return out;
}

/** Splits at unescaped occurrences of any of `chars`, keeping which one split. */
function unescapedIndex(s: string, ch: string, from = 0): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === ch) return i;
  }
  return -1;
}

function unescape(s: string): string {
  return s.replace(/\\([~=#{}:\\n])/g, (_, c: string) => c === "n" ? "\n" : c).replace(/\s+/g, " ").trim();
}

function readQuestion(q: string, position: number): { item: Imported } | { refusal: Refusal } {
  let rest = q.trim();
  let ident = `q${position}`;
  if (rest.startsWith("::")) {
    const end = rest.indexOf("::", 2);
    if (end < 0) {
      return { refusal: wrong(position, ident, "的标题没有结束的 ::", "has a title without its closing ::") };
    }
    ident = rest.slice(2, end).trim() || ident;
    rest = rest.slice(end + 2).trim();
  }
  const format = /^\[(\w+)\]/.exec(rest);
  if (format) {
    if (format[1] !== "plain" && format[1] !== "moodle") {
      return { refusal: unsupported(position, ident, `[${format[1]}] text format`) };
    }
    rest = rest.slice(format[0].length).trim();
  }
  const open = unescapedIndex(rest, "{");
  if (open < 0) return { refusal: wrong(position, ident, "没有答案块 {…}", "has no answer block {…}") };
  const close = unescapedIndex(rest, "}", open);
  if (close < 0) {
    return {
      refusal: wrong(position, ident, "的答案块没有结束的 }", "has an answer block without its closing }"),
    };
  }
  if (rest.slice(close + 1).trim() !== "") {
    return { refusal: unsupported(position, ident, "missing word (text after the answers)") };
  }
  const stem = unescape(rest.slice(0, open));
  if (!stem) return { refusal: wrong(position, ident, "没有题干", "has no question text") };
  let block = rest.slice(open + 1, close);
  let explanation = "";
  const general = block.indexOf("####");
  if (general >= 0) {
    explanation = unescape(block.slice(general + 4));
    block = block.slice(0, general);
  }
  const b = block.trim();
  if (b === "") {
    return { item: { ident, kind: "openText", stem, choices: [], correctChoiceIds: [], explanation } };
  }
  if (b.startsWith("#")) return { refusal: unsupported(position, ident, "numerical") };
  const tf = /^(T|TRUE|F|FALSE)\s*(#.*)?$/s.exec(b);
  if (tf) {
    const right = tf[1]!.startsWith("T") ? "true" : "false";
    return {
      item: {
        ident,
        kind: "trueFalse",
        stem,
        choices: [{ id: "true", text: "对" }, { id: "false", text: "错" }],
        correctChoiceIds: [right],
        explanation,
      },
    };
  }
  // Answers: split at unescaped = and ~.
  const answers: { mark: "=" | "~"; raw: string }[] = [];
  let i = 0;
  while (i < b.length && /\s/.test(b[i]!)) i++;
  if (b[i] !== "=" && b[i] !== "~") {
    return { refusal: unsupported(position, ident, "an answer block it cannot read") };
  }
  while (i < b.length) {
    const mark = b[i] as "=" | "~";
    let j = i + 1;
    while (j < b.length && !((b[j] === "=" || b[j] === "~") && b[j - 1] !== "\\")) j++;
    answers.push({ mark, raw: b.slice(i + 1, j) });
    i = j;
  }
  // Moodle reads a block of = answers that all pair with -> as matching.
  if (answers.every((a) => a.mark === "=" && /(^|[^\\])->/.test(a.raw))) {
    return { refusal: unsupported(position, ident, "matching") };
  }
  const parsed = answers.map((a) => {
    const fb = unescapedIndex(a.raw, "#");
    const body = fb >= 0 ? a.raw.slice(0, fb) : a.raw;
    const feedback = fb >= 0 ? unescape(a.raw.slice(fb + 1)) : "";
    const w = /^\s*%(-?\d+(?:\.\d+)?)%/.exec(body);
    return {
      mark: a.mark,
      weight: w ? Number(w[1]) : null,
      text: unescape(w ? body.slice(w[0].length) : body),
      feedback,
    };
  });
  if (parsed.some((a) => !a.text)) {
    return { refusal: wrong(position, ident, "有空白的答案", "has an empty answer") };
  }
  const firstFeedback = (xs: typeof parsed) => xs.find((a) => a.feedback)?.feedback ?? "";
  if (parsed.every((a) => a.mark === "=")) {
    if (parsed.some((a) => a.weight !== null && a.weight !== 100)) {
      return { refusal: unsupported(position, ident, "short answer with partial credit") };
    }
    return {
      item: {
        ident,
        kind: "openText",
        stem,
        choices: [],
        correctChoiceIds: parsed.map((a) => a.text),
        explanation: explanation || firstFeedback(parsed),
      },
    };
  }
  const choices = parsed.map((a, n) => ({ id: letterId(n), text: a.text }));
  const weighted = parsed.some((a) => a.weight !== null);
  if (weighted) {
    if (parsed.some((a) => a.mark === "=")) {
      return { refusal: unsupported(position, ident, "= with weights (%…%)") };
    }
    const key = parsed.flatMap((a, n) => (a.weight ?? 0) > 0 ? [choices[n]!.id] : []);
    if (key.length === 0) {
      return {
        refusal: wrong(position, ident, "没有得分为正的答案", "has no answer with a positive weight"),
      };
    }
    return {
      item: {
        ident,
        kind: "multipleChoice",
        stem,
        choices,
        correctChoiceIds: key,
        explanation: explanation || firstFeedback(parsed.filter((a) => (a.weight ?? 0) > 0)),
      },
    };
  }
  const right = parsed.flatMap((a, n) => a.mark === "=" ? [choices[n]!.id] : []);
  if (right.length !== 1) {
    return { refusal: unsupported(position, ident, "several = answers among ~ answers") };
  }
  return {
    item: {
      ident,
      kind: "singleChoice",
      stem,
      choices,
      correctChoiceIds: right,
      explanation: explanation || firstFeedback(parsed.filter((a) => a.mark === "=")),
    },
  };
}

/** Text with GIFT's special characters escaped (and line breaks as \n). */
export function escapeGift(s: string): string {
  return s.replace(/([\\~=#{}:])/g, "\\$1").replace(/\n/g, "\\n");
}

/**
 * Writes items as GIFT. Rating items, and choice items without a key (GIFT's multiple choice needs
 * one), are refused naming them.
 */
export function toGift(items: Item[]): string {
  const refusals: Refusal[] = [];
  const out = items.map((it, n) => {
    const head = `::${escapeGift(it.id)}::${escapeGift(it.stem)} {`;
    const tail = it.explanation ? `\n  ####${escapeGift(it.explanation)}\n}` : "\n}";
    switch (it.kind) {
      case "trueFalse":
        if (it.correctChoiceIds.length === 0) {
          refusals.push(unsupported(n + 1, it.id, "true/false without a key"));
        }
        return `${head}${it.correctChoiceIds[0] === "false" ? "FALSE" : "TRUE"}${tail}`;
      case "openText":
        return `${head}${it.correctChoiceIds.map((a) => `\n  =${escapeGift(a)}`).join("")}${tail}`;
      case "singleChoice":
      case "multipleChoice": {
        if (it.correctChoiceIds.length === 0) {
          refusals.push(unsupported(n + 1, it.id, "a choice item without a key"));
        }
        const multiple = it.kind === "multipleChoice";
        const share = (100 / Math.max(1, it.correctChoiceIds.length)).toFixed(5).replace(/\.?0+$/, "");
        const lines = it.choices.map((c) => {
          const right = it.correctChoiceIds.includes(c.id);
          if (!multiple) return `\n  ${right ? "=" : "~"}${escapeGift(c.text)}`;
          return `\n  ~%${right ? share : "-100"}%${escapeGift(c.text)}`;
        });
        return `${head}${lines.join("")}${tail}`;
      }
      case "rating":
        refusals.push(unsupported(n + 1, it.id, "rating (1–5)"));
        return "";
    }
  });
  if (refusals.length) throw new InterchangeRefused(refusals);
  return out.join("\n\n") + "\n";
}
