/**
 * Where a question's words matched a policy, for people: the question is cut into the terms the
 * index searched (Chinese bigrams, as the `cjk` analyzer makes them, and Latin words or numbers),
 * each field of a version is scanned for them, and the passage of about {@linkcode snippetChars}
 * characters that holds the most different terms is returned with the matches marked.
 *
 * Marking, for a partner to render safely: `text` is the passage as plain text (never HTML), and
 * `highlights` are `[start, end)` offsets into `text` in Unicode code points (what `[...text]` or
 * Python's `str` index); `marked` is the same passage with each match between `⟦` and `⟧` (any
 * `⟦`/`⟧` already in the policy text are replaced by `[`/`]`, so the markers are unambiguous).
 */

/** How long a snippet is, in characters (code points). */
export const snippetChars = 80;

/** A passage with its matches. */
export interface Snippet {
  /** Which text matched: `title`, `summary` (for the audience) or `body`. */
  field: "title" | "summary" | "body";
  text: string;
  highlights: { start: number; end: number }[];
  marked: string;
  /** How many of the question's terms the policy's texts hold (0–1). */
  coverage: number;
}

import { withoutFillers } from "./search_text.ts";

const cjk = /[\p{Script=Han}]/u;

/**
 * The terms the index searches for a question: Chinese bigrams (a lone character alone), Latin words and
 * numbers, without the question's fillers (怎么, 多少 …, as search_text.ts leaves them out of the index query).
 */
export function questionTerms(question: string): string[] {
  const text = withoutFillers(question.normalize("NFKC")).toLowerCase();
  const terms = new Set<string>();
  for (const run of text.match(/[\p{Script=Han}]+/gu) ?? []) {
    const chars = [...run];
    if (chars.length === 1) terms.add(run);
    for (let i = 0; i + 1 < chars.length; i++) terms.add(chars[i]! + chars[i + 1]!);
  }
  for (const w of text.match(/[\p{Script=Latin}\d]+/gu) ?? []) {
    if (w.length >= 2 || /\d/.test(w)) terms.add(w);
  }
  return [...terms];
}

/**
 * A code point lowercased as `String.prototype.toLowerCase` does, without a call for the common
 * cases: ASCII, and Han characters and CJK punctuation, which have no case (a search page's snippets
 * spent a third of their time lowercasing one character at a time).
 */
function lowerOf(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : c;
  if ((code >= 0x3000 && code <= 0x303f) || (code >= 0x3400 && code <= 0x9fff)) return c;
  return c.toLowerCase();
}

/**
 * Match intervals of the terms in `lower` (lowercased code points), by start: one pass over the text,
 * trying at each place only the terms that begin with its character (`byFirst`).
 */
function matches(
  lower: string[],
  byFirst: Map<string, string[][]>,
): { start: number; end: number; term: string }[] {
  const found: { start: number; end: number; term: string }[] = [];
  for (let i = 0; i < lower.length; i++) {
    const candidates = byFirst.get(lower[i]!);
    if (!candidates) continue;
    for (const t of candidates) {
      if (i + t.length > lower.length) continue;
      let ok = true;
      for (let j = 1; j < t.length && ok; j++) ok = lower[i + j] === t[j];
      if (ok) found.push({ start: i, end: i + t.length, term: t.join("") });
    }
  }
  return found.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The terms of the question asked last, cut once: a search page asks for a snippet per item. */
let lastQuestion: { question: string; terms: string[]; byFirst: Map<string, string[][]> } | undefined;
function termsOf(question: string): { terms: string[]; byFirst: Map<string, string[][]> } {
  if (lastQuestion?.question !== question) {
    const terms = questionTerms(question);
    const byFirst = new Map<string, string[][]>();
    for (const t of terms) {
      const points = [...t];
      byFirst.set(points[0]!, [...(byFirst.get(points[0]!) ?? []), points]);
    }
    lastQuestion = { question, terms, byFirst };
  }
  return lastQuestion;
}

function merge(spans: { start: number; end: number }[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const s of spans) {
    const last = out.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/**
 * The best passage of the fields for the question (title first, then summary, then body, on a tie);
 * null when no term occurs in any of them.
 */
export function snippetFor(
  question: string,
  fields: { field: Snippet["field"]; text: string }[],
  width = snippetChars,
): Snippet | null {
  const { terms, byFirst } = termsOf(question);
  if (!terms.length) return null;
  const everywhere = new Set<string>();
  let best:
    | {
      field: Snippet["field"];
      chars: string[];
      found: { start: number; end: number; term: string }[];
      from: number;
      to: number;
      distinct: number;
    }
    | null = null;
  const inWindow = new Set<string>();
  for (const f of fields) {
    const chars = [...f.text.replace(/⟦/g, "[").replace(/⟧/g, "]").replace(/\s+/g, " ").trim()];
    const found = matches(chars.map(lowerOf), byFirst);
    for (const m of found) everywhere.add(m.term);
    // windows that start a little before each match (the same window again cannot do better)
    let lastFrom = -1;
    for (const m of found) {
      const from = Math.max(0, Math.min(m.start - 10, chars.length - width));
      if (from === lastFrom) continue;
      lastFrom = from;
      const to = Math.min(chars.length, from + width);
      inWindow.clear();
      for (const x of found) {
        if (x.start >= to) break;
        if (x.start >= from && x.end <= to) inWindow.add(x.term);
      }
      if (!best || inWindow.size > best.distinct) {
        best = { field: f.field, chars, found, from, to, distinct: inWindow.size };
      }
    }
  }
  if (!best) return null;
  const { chars, from, to } = best;
  const inside = merge(best.found.filter((x) => x.start >= from && x.end <= to));
  const lead = from > 0 ? "…" : "";
  const tail = to < chars.length ? "…" : "";
  const offset = lead ? 1 : 0;
  const highlights = inside.map((s) => ({ start: s.start - from + offset, end: s.end - from + offset }));
  const text = `${lead}${chars.slice(from, to).join("")}${tail}`;
  const tc = [...text];
  let marked = "";
  let at = 0;
  for (const h of highlights) {
    marked += `${tc.slice(at, h.start).join("")}⟦${tc.slice(h.start, h.end).join("")}⟧`;
    at = h.end;
  }
  marked += tc.slice(at).join("");
  return { field: best.field, text, highlights, marked, coverage: everywhere.size / terms.length };
}

/** True when `text` has a Chinese character (the index's bigram analysis applies). */
export function hasChinese(text: string): boolean {
  return cjk.test(text);
}
