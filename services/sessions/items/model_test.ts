import assert from "node:assert/strict";
import { isCorrect, itemProblems, newItemBody } from "./model.ts";

const base = {
  stem: "异地就医需要先备案吗？",
  tests: { policyId: "p-1", version: 1 },
  explanation: "需要先备案。",
};

Deno.test("itemProblems() - a knowledge item needs an explanation and the policy it tests", () => {
  const item = newItemBody.parse({ kind: "trueFalse", stem: base.stem, correctChoiceIds: ["true"] });
  const paths = itemProblems(item).map((p) => p.path);
  assert.deepEqual(paths, ["body.explanation", "body.tests"]);
  assert.deepEqual(
    itemProblems(newItemBody.parse({ ...base, kind: "trueFalse", correctChoiceIds: ["true"] })),
    [],
  );
});

Deno.test("itemProblems() - keys name choices; single choice has one; rating has none", () => {
  const choices = [{ id: "a", text: "甲" }, { id: "b", text: "乙" }];
  const p = (x: Record<string, unknown>) =>
    itemProblems(newItemBody.parse({ ...base, ...x })).map((e) => e.path);
  assert.deepEqual(p({ kind: "singleChoice", choices, correctChoiceIds: ["c"] }), ["body.correctChoiceIds"]);
  assert.deepEqual(p({ kind: "singleChoice", choices, correctChoiceIds: ["a", "b"] }), [
    "body.correctChoiceIds",
  ]);
  assert.deepEqual(p({ kind: "multipleChoice", choices, correctChoiceIds: ["a", "b"] }), []);
  assert.deepEqual(p({ kind: "multipleChoice", choices: [choices[0]], correctChoiceIds: ["a"] }), [
    "body.choices",
  ]);
  assert.deepEqual(p({ kind: "rating", correctChoiceIds: ["5"] }), ["body.correctChoiceIds"]);
  assert.deepEqual(p({ kind: "openText", choices, correctChoiceIds: ["12393"] }), ["body.choices"]);
  // an opinion poll: no key, no citation needed
  assert.deepEqual(p({ kind: "singleChoice", choices, tests: null, explanation: "" }), []);
});

Deno.test("isCorrect() - choices as a set, open text normalised, no key is null", () => {
  const multi = { kind: "multipleChoice" as const, correctChoiceIds: ["a", "c"] };
  assert.equal(isCorrect(multi, { choiceIds: ["c", "a"] }), true);
  assert.equal(isCorrect(multi, { choiceIds: ["a"] }), false);
  assert.equal(isCorrect(multi, { choiceIds: ["a", "b", "c"] }), false);
  const open = { kind: "openText" as const, correctChoiceIds: ["12393"] };
  assert.equal(isCorrect(open, { text: " １２３９３ " }), true);
  assert.equal(isCorrect(open, { text: "" }), false);
  assert.equal(isCorrect({ kind: "singleChoice", correctChoiceIds: [] }, { choiceIds: ["a"] }), null);
});
