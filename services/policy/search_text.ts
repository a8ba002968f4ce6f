/** How much of a question goes to the index; the rest of a very long question is ignored. */
export const searchQueryChars = 200;

/**
 * Makes a person's question safe for Lucene: every query-syntax character is escaped and the
 * operators AND/OR/NOT lose their meaning, so the text is only ever searched as text.
 */
export function toLuceneText(question: string): string {
  const text = question.normalize("NFKC").replace(/\s+/g, " ").trim().slice(0, searchQueryChars);
  return text
    .replace(/[\\+\-!():^[\]"{}~*?|&/]/g, (ch) => `\\${ch}`)
    .replace(/\b(AND|OR|NOT|TO)\b/g, (w) => w.toLowerCase());
}
