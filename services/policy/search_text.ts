/** How much of a question goes to the index; the rest of a very long question is ignored. */
export const searchQueryChars = 200;

/**
 * Question words that say nothing about a policy (怎么, 多少, 什么 …). Each is cut out of a question and
 * replaced by a space before the index sees it, so neither it nor the bigrams it would form with its
 * neighbours (异地就医怎么备案: 医怎, 怎么, 么备) are searched or highlighted.
 */
export const questionFillers = [
  "能不能",
  "有没有",
  "是不是",
  "怎么样",
  "怎么",
  "怎样",
  "什么",
  "多少",
  "哪些",
  "哪里",
  "如何",
  "是否",
  "可以",
] as const;

const fillers = new RegExp(questionFillers.join("|"), "g");

/** The question without its {@linkcode questionFillers} (each replaced by a space). */
export function withoutFillers(question: string): string {
  return question.replace(fillers, " ");
}

/**
 * The part of a question that is searched: without its fillers, whitespace collapsed, the first
 * {@linkcode searchQueryChars} characters (what the index query holds before escaping).
 */
export function searchedText(question: string): string {
  return withoutFillers(question.normalize("NFKC")).replace(/\s+/g, " ").trim().slice(0, searchQueryChars);
}

/**
 * Makes a person's question safe for Lucene: every query-syntax character is escaped and the
 * operators AND/OR/NOT lose their meaning, so the text is only ever searched as text.
 */
export function toLuceneText(question: string): string {
  return searchedText(question)
    .replace(/[\\+\-!():^[\]"{}~*?|&/]/g, (ch) => `\\${ch}`)
    .replace(/\b(AND|OR|NOT|TO)\b/g, (w) => w.toLowerCase());
}
