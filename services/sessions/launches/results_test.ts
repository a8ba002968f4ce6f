import assert from "node:assert/strict";
import type { LiveItem } from "../answers/grading.ts";
import { type CountedItem, displayName, itemResults, leaderboard } from "./results.ts";

const quiz: LiveItem = {
  id: "q",
  kind: "singleChoice",
  stem: "?",
  choices: [{ id: "a", text: "A" }, { id: "b", text: "B" }],
  correctChoiceIds: ["b"],
  explanation: "因为……",
  anonymous: false,
  status: "ready",
};
const rating: LiveItem = {
  ...quiz,
  id: "r",
  kind: "rating",
  choices: [],
  correctChoiceIds: [],
  explanation: null,
};

Deno.test("itemResults() - counts every choice, share correct, mean rating; texts for the host only", () => {
  const counted = new Map<string, CountedItem>([
    ["q", { itemId: "q", answered: 4, correct: 3, counts: { b: 3, a: 1 }, texts: [] }],
    ["r", { itemId: "r", answered: 2, correct: 0, counts: { "4": 1, "5": 1 }, texts: [] }],
  ]);
  const [q, r] = itemResults([quiz, rating], counted, { forHost: false });
  assert.deepEqual(q!.counts, { a: 1, b: 3 });
  assert.equal(q!.shareCorrect, 0.75);
  assert.deepEqual(q!.correctChoiceIds, ["b"]);
  assert.deepEqual(r!.counts, { "1": 0, "2": 0, "3": 0, "4": 1, "5": 1 });
  assert.equal(r!.meanRating, 4.5);
  assert.equal(r!.shareCorrect, null);
  assert.equal(
    itemResults([quiz], new Map(), { forHost: true })[0]!.shareCorrect,
    null,
    "no answers: no share",
  );
});

Deno.test("leaderboard() - most right first, then least time; pseudonymous names only", () => {
  const rows = leaderboard([
    { respondentId: "aaaa0001", correct: 2, answered: 2, totalMs: 9_000 },
    { respondentId: "bbbb0002", correct: 2, answered: 2, totalMs: 5_000 },
    { respondentId: "cccc0003", correct: 3, answered: 3, totalMs: 30_000 },
  ]);
  assert.deepEqual(rows.map((r) => r.rank), [1, 2, 3]);
  assert.deepEqual(rows.map((r) => r.correct), [3, 2, 2]);
  assert.equal(rows[1]!.totalSeconds, 5);
  assert.equal(rows[0]!.displayName, displayName("cccc0003"));
  assert.ok(!JSON.stringify(rows).includes("cccc0003"));
});
