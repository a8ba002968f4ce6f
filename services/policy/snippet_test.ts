import assert from "node:assert/strict";
import { questionTerms, snippetFor } from "./snippet.ts";

Deno.test("questionTerms() - Chinese bigrams as the cjk analyzer makes them, Latin words and numbers", () => {
  assert.deepEqual(questionTerms("异地就医备案"), ["异地", "地就", "就医", "医备", "备案"]);
  // question fillers and the bigrams they would form with their neighbours are left out
  assert.deepEqual(questionTerms("异地就医怎么备案"), ["异地", "地就", "就医", "备案"]);
  assert.deepEqual(questionTerms("高血压门诊能报多少"), ["高血", "血压", "压门", "门诊", "诊能", "能报"]);
  assert.deepEqual(questionTerms("今年医保目录新增了哪些药"), [
    "今年",
    "年医",
    "医保",
    "保目",
    "目录",
    "录新",
    "新增",
    "增了",
    "药",
  ]);
  assert.deepEqual(questionTerms("DRG付费"), ["付费", "drg"]);
  assert.deepEqual(questionTerms("药"), ["药"]);
});

Deno.test("snippetFor() - the passage with the most different terms, marked with offsets and ⟦⟧", () => {
  const body =
    "参保人在参保地以外的地区看病，叫异地就医。先办理异地就医备案，再到就医地的联网定点医疗机构就诊。" +
    "其他说明".repeat(30);
  const s = snippetFor("异地就医怎么备案", [
    { field: "title", text: "跨省直接结算" },
    { field: "summary", text: "看病可以直接结算。" },
    { field: "body", text: body },
  ])!;
  assert.equal(s.field, "body");
  assert.match(s.marked, /⟦异地就医⟧备案|⟦异地就医备案⟧/);
  const chars = [...s.text];
  for (const h of s.highlights) {
    const m = chars.slice(h.start, h.end).join("");
    assert.ok(/^[异地就医备案]+$/.test(m), m);
  }
  // the marked text is the text with the markers in
  assert.equal(s.marked.replace(/[⟦⟧]/g, ""), s.text);
  assert.ok(s.text.endsWith("…"));
  assert.ok(chars.length <= 82);
});

Deno.test("snippetFor() - ⟦⟧ in the policy text cannot fake a mark; no term anywhere is null", () => {
  const s = snippetFor("备案", [{ field: "body", text: "⟦注意⟧ 备案即时生效" }])!;
  assert.equal(s.marked, "[注意] ⟦备案⟧即时生效");
  assert.equal(snippetFor("报销", [{ field: "body", text: "备案即时生效" }]), null);
});

Deno.test("snippetFor() - Latin terms match whatever their case in the text, accented letters too", () => {
  const s = snippetFor("drg école", [
    { field: "body", text: "按病种付费（DRG）改革：ÉCOLE 示例，Drg 分组目录见附件。" },
  ])!;
  assert.equal(s.marked, "按病种付费（⟦DRG⟧）改革：⟦ÉCOLE⟧ 示例，⟦Drg⟧ 分组目录见附件。");
  assert.equal(s.coverage, 1);
});

Deno.test("snippetFor() - the window with the most different terms wins, not the first with a match", () => {
  const filler = "参保人员可以咨询经办机构。".repeat(10);
  const s = snippetFor("门诊慢特病备案", [
    { field: "body", text: `门诊就诊须知。${filler}慢特病备案：门诊慢特病认定后备案，即可享受待遇。` },
  ])!;
  assert.match(s.marked, /⟦慢特病备案⟧：⟦门诊慢特病⟧认定后⟦备案⟧/);
  assert.ok(s.text.startsWith("…"), s.text);
});
