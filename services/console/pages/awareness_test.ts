import assert from "node:assert/strict";
import { share, verdictOf } from "./awareness.tsx";

const figures = (x: Partial<Parameters<typeof verdictOf>[0]>) => ({
  n: 100,
  correct: 80,
  rate: 0.8,
  lower: 0.711,
  upper: 0.867,
  meetsTarget: false,
  tooSmall: false,
  verdict: { zh: "", en: "" },
  ...x,
});

Deno.test("share() - a share in percent with one decimal, as the format helpers write rates", () => {
  assert.equal(share(0.627), "62.7%");
  assert.equal(share(0.9), "90%");
  assert.equal(share(0.80767), "80.8%");
});

Deno.test("verdictOf() - the target only on the lower bound; too few answers say so whatever the rate", () => {
  assert.equal(verdictOf(figures({}), "zh").text, "未达到 80% 目标");
  assert.equal(verdictOf(figures({ meetsTarget: true, lower: 0.81 }), "zh").text, "达到 80% 目标");
  assert.equal(verdictOf(figures({ meetsTarget: true, lower: 0.81 }), "en").text, "meets the 80% target");
  assert.equal(verdictOf(figures({ n: 30, tooSmall: true, rate: 1 }), "zh").text, "样本太少，无法判断");
  assert.equal(verdictOf(figures({ n: 30, tooSmall: true }), "en").text, "too few answers to tell");
});
