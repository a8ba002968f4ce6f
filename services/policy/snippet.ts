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

/** Match intervals of `terms` in `chars` (code points), merged where they touch. */
function matches(chars: string[], terms: string[]): { start: number; end: number; term: string }[] {
  const lower = chars.map((c) => c.toLowerCase());
  const found: { start: number; end: number; term: string }[] = [];
  for (const term of terms) {
    const t = [...term];
    for (let i = 0; i + t.length <= lower.length; i++) {
      let ok = true;
      for (let j = 0; j < t.length && ok; j++) ok = lower[i + j] === t[j];
      if (ok) found.push({ start: i, end: i + t.length, term });
    }
  }
  return found.sort((a, b) => a.start - b.start || b.end - a.end);
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
  const terms = questionTerms(question);
  if (!terms.length) return null;
  const everywhere = new Set<string>();
  let best: { field: Snippet["field"]; chars: string[]; from: number; to: number; distinct: number } | null =
    null;
  for (const f of fields) {
    const chars = [...f.text.replace(/⟦/g, "[").replace(/⟧/g, "]").replace(/\s+/g, " ").trim()];
    const found = matches(chars, terms);
    for (const m of found) everywhere.add(m.term);
    // windows that start a little before each match
    for (const m of found) {
      const from = Math.max(0, Math.min(m.start - 10, chars.length - width));
      const to = Math.min(chars.length, from + width);
      const distinct = new Set(found.filter((x) => x.start >= from && x.end <= to).map((x) => x.term)).size;
      if (!best || distinct > best.distinct) best = { field: f.field, chars, from, to, distinct };
    }
  }
  if (!best) return null;
  const { chars, from, to } = best;
  const inside = merge(matches(chars, terms).filter((x) => x.start >= from && x.end <= to));
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
