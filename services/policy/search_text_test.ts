import assert from "node:assert/strict";
import { searchQueryChars, toLuceneText } from "./search_text.ts";

Deno.test("toLuceneText() - escapes query syntax and disarms operators", () => {
  assert.equal(toLuceneText('异地 AND (备案) OR "x"~2 *'), '异地 and \\(备案\\) or \\"x\\"\\~2 \\*');
  assert.equal(toLuceneText("a\\b:c/d"), "a\\\\b\\:c\\/d");
});

Deno.test("toLuceneText() - keeps at most the first 200 characters of a long question", () => {
  assert.equal(toLuceneText("医".repeat(5_000)).length, searchQueryChars);
});

Deno.test("toLuceneText() - leaves question fillers out, so neither they nor the bigrams across them are searched", () => {
  assert.equal(toLuceneText("异地就医怎么备案"), "异地就医 备案");
  assert.equal(toLuceneText("DRG付费对医院有什么影响"), "DRG付费对医院有 影响");
  assert.equal(toLuceneText("灵活就业人员能不能参保"), "灵活就业人员 参保");
  assert.equal(toLuceneText("怎么"), "");
});
