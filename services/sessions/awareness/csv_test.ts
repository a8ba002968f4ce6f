import assert from "node:assert/strict";
import { answersCsv, csvCell } from "./csv.ts";

Deno.test("csvCell() - quotes commas, quotes and line breaks; defuses formulas", () => {
  assert.equal(csvCell("a,b"), '"a,b"');
  assert.equal(csvCell('说"对"'), '"说""对"""');
  assert.equal(csvCell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
  assert.equal(csvCell("-1+1"), "'-1+1");
  assert.equal(csvCell("多行\n文字"), '"多行\n文字"');
});

Deno.test("answersCsv() - BOM, bilingual header, CRLF, arrays and booleans as cells", () => {
  const csv = answersCsv([{ itemId: "itm-1", choiceIds: ["a", "b"], correct: false, text: "@cmd" }]);
  assert.ok(csv.startsWith("\uFEFF作答时间 / Answered at (UTC),"));
  const [, row] = csv.slice(1).split("\r\n");
  const cells = row!.split(",");
  assert.equal(cells[3], "itm-1");
  assert.equal(cells[5], "a b");
  assert.equal(cells[6], "'@cmd");
  assert.equal(cells[8], "0");
  assert.ok(csv.endsWith("\r\n"));
});
