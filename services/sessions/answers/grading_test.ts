import assert from "node:assert/strict";
import { grade, type LiveItem } from "./grading.ts";

const item = (extra: Partial<LiveItem>): LiveItem => ({
  id: "i1",
  kind: "singleChoice",
  stem: "起付线是多少？",
  choices: [{ id: "a", text: "500" }, { id: "b", text: "800" }, { id: "c", text: "1200" }],
  correctChoiceIds: ["b"],
  explanation: null,
  anonymous: false,
  status: "ready",
  ...extra,
});

Deno.test("grade() - a single choice is right only with the key, computed here", () => {
  assert.equal(
    (grade(item({}), { itemId: "i1", choiceIds: ["b"] }, "p") as { correct: boolean }).correct,
    true,
  );
  assert.equal(
    (grade(item({}), { itemId: "i1", choiceIds: ["a"] }, "p") as { correct: boolean }).correct,
    false,
  );
});

Deno.test("grade() - a multiple choice is right only with exactly the key, in any order", () => {
  const m = item({ kind: "multipleChoice", correctChoiceIds: ["a", "b"] });
  assert.equal(
    (grade(m, { itemId: "i1", choiceIds: ["b", "a"] }, "p") as { correct: boolean }).correct,
    true,
  );
  assert.equal((grade(m, { itemId: "i1", choiceIds: ["a"] }, "p") as { correct: boolean }).correct, false);
  assert.equal(
    (grade(m, { itemId: "i1", choiceIds: ["a", "b", "c"] }, "p") as { correct: boolean }).correct,
    false,
  );
});

Deno.test("grade() - opinion items have no correctness; bad answers name the field", () => {
  const poll = item({ correctChoiceIds: [] });
  assert.equal((grade(poll, { itemId: "i1", choiceIds: ["a"] }, "p") as { correct: null }).correct, null);
  const paths = (x: unknown) => (x as { path: string }[]).map((e) => e.path);
  assert.deepEqual(paths(grade(item({}), { itemId: "i1", choiceIds: ["z"] }, "body.answers.0")), [
    "body.answers.0.choiceIds",
  ]);
  assert.deepEqual(paths(grade(item({}), { itemId: "i1", choiceIds: ["a", "b"] }, "p")), ["p.choiceIds"]);
  assert.deepEqual(paths(grade(item({ kind: "rating" }), { itemId: "i1", rating: 0 }, "p")), ["p.rating"]);
  assert.deepEqual(paths(grade(item({ kind: "openText" }), { itemId: "i1", text: " " }, "p")), ["p.text"]);
  assert.deepEqual(
    grade(item({ kind: "trueFalse", choices: [], correctChoiceIds: ["false"] }), {
      itemId: "i1",
      choiceIds: ["false"],
    }, "p"),
    { itemId: "i1", choiceIds: ["false"], rating: null, text: null, correct: true },
  );
});
