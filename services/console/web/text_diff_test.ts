import assert from "node:assert/strict";
import { readableDiff } from "./text_diff.ts";

const join = (parts: { kind: string; text: string }[], keep: string) =>
  parts.filter((p) => p.kind === "same" || p.kind === keep).map((p) => p.text).join("");

Deno.test("readableDiff() - the two sides rebuild the two texts exactly", () => {
  const a = "报多少：一个自然年度内，目录内普通门诊费用超过起付标准的部分，由统筹基金按50%左右的比例支付。";
  const b =
    "报多少（2025年起）：年度支付限额由原来的5000元提高到1.5万元左右，统筹基金支付比例由50%提高到60%—80%。";
  const d = readableDiff(a, b);
  assert.equal(join(d, "removed"), a);
  assert.equal(join(d, "added"), b);
});

Deno.test("readableDiff() - a rewritten phrase reads as one deletion and one insertion, not scattered characters", () => {
  const d = readableDiff("年度支付限额原则上为5000元。其余不变。", "年度限额提高到1.5万元左右。其余不变。");
  const changes = d.filter((p) => p.kind !== "same");
  assert.ok(changes.length <= 4, JSON.stringify(d));
  assert.ok(d.some((p) => p.kind === "same" && p.text.includes("其余不变")));
});

Deno.test("readableDiff() - a single changed figure stays a single change", () => {
  assert.deepEqual(readableDiff("起付线 1300 元", "起付线 1500 元"), [
    { kind: "same", text: "起付线 1" },
    { kind: "removed", text: "3" },
    { kind: "added", text: "5" },
    { kind: "same", text: "00 元" },
  ]);
});
