import assert from "node:assert/strict";
import { searchQueryChars, toLuceneText } from "./search_text.ts";

Deno.test("toLuceneText() - escapes query syntax and disarms operators", () => {
  assert.equal(toLuceneText('异地 AND (备案) OR "x"~2 *'), '异地 and \\(备案\\) or \\"x\\"\\~2 \\*');
  assert.equal(toLuceneText("a\\b:c/d"), "a\\\\b\\:c\\/d");
});

Deno.test("toLuceneText() - keeps at most the first 200 characters of a long question", () => {
  assert.equal(toLuceneText("医".repeat(5_000)).length, searchQueryChars);
});
