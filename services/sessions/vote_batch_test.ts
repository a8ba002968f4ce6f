import assert from "node:assert/strict";
import { type BatchState, decideBatch, type QuestionState, type VoteOp } from "./vote_batch.ts";

const clock = { window: 1000, retryAfter: 30 };
const limits = { votesPerVoterPerMinute: 3, votesPerAddressPerQuestion: 2 };

function question(id: string, over: Partial<QuestionState> = {}): QuestionState {
  return {
    id,
    sessionId: "ses-1",
    status: "approved",
    votes: 0,
    revision: 1,
    sessionStatus: "scheduled",
    ended: false,
    ...over,
  };
}

function state(questions: QuestionState[], votes: [string, string | null][] = []): BatchState {
  const tallies = new Map<string, number>();
  for (const [, t] of votes) if (t) tallies.set(t, (tallies.get(t) ?? 0) + 1);
  return {
    rates: new Map(),
    questions: new Map(questions.map((q) => [q.id, q])),
    votes: new Map(votes),
    tallies,
  };
}

const add = (questionId: string, voterKey: string, address = `addr-${voterKey}`): VoteOp => ({
  kind: "add",
  questionId,
  voterKey,
  address,
});
const remove = (questionId: string, voterKey: string): VoteOp => ({
  kind: "remove",
  questionId,
  voterKey,
  address: "x",
});

Deno.test("decideBatch() - votes in one batch count as one transaction each would: once per voter, in order", () => {
  const s = state([question("q-a", { votes: 1, revision: 5 })], [["q-a|v0", "q-a|addr-v0"]]);
  const { answers, writes } = decideBatch(
    [add("q-a", "v1"), add("q-a", "v1"), add("q-a", "v0"), add("q-a", "v2"), remove("q-a", "v0")],
    s,
    limits,
    clock,
  );
  assert.deepEqual(
    answers.map((a) => a.ok ? [a.votes, a.revision, a.changed] : a.error.name),
    [[2, 6, true], [2, 6, false], [2, 6, false], [3, 7, true], [2, 8, true]],
  );
  assert.deepEqual(writes.questions, [{ id: "q-a", sessionId: "ses-1", votes: 2, revision: 8 }]);
  assert.deepEqual(writes.cast.map((c) => c.key).sort(), ["q-a|v1", "q-a|v2"]);
  assert.deepEqual(writes.removed, ["q-a|v0"]);
  assert.deepEqual(
    new Map(writes.tallies.map((t) => [t.key, t.count])),
    new Map([["q-a|addr-v1", 1], ["q-a|addr-v2", 1], ["q-a|addr-v0", 0]]),
  );
});

Deno.test("decideBatch() - a refused request changes nothing: rate, address tally, closed sessions, hidden and unknown questions", () => {
  const s = state([
    question("q-a"),
    question("q-over", { ended: true }),
    question("q-cancelled", { sessionStatus: "cancelled" }),
    question("q-pending", { status: "pending" }),
  ]);
  const { answers, writes } = decideBatch(
    [
      add("q-a", "v1", "home"),
      add("q-a", "v2", "home"),
      add("q-a", "v3", "home"), // the address's third vote on q-a: over its limit of 2
      add("q-over", "v4"),
      add("q-cancelled", "v4"),
      add("q-pending", "v4"),
      add("q-missing", "v4"),
      add("q-a", "v5"),
      add("q-a", "v5"),
      add("q-a", "v5"),
      add("q-a", "v5"), // the token's fourth request this minute: over its limit of 3
    ],
    s,
    limits,
    clock,
  );
  assert.deepEqual(answers.map((a) => a.ok ? a.votes : a.error.name), [
    1,
    2,
    "RateLimited",
    "StateConflict",
    "StateConflict",
    "StateConflict",
    "NotFound",
    3,
    3,
    3,
    "RateLimited",
  ]);
  const scope = (a: (typeof answers)[number] | undefined) =>
    a && !a.ok && (a.error as { scope?: string }).scope;
  assert.equal(scope(answers[2]), "addressVotes");
  assert.equal(scope(answers[10]), "voter");
  assert.deepEqual(new Map(writes.rates.map((r) => [r.key, r.count])).get("vote:v5:1000"), 3);
  // refused requests are not counted against the token
  assert.equal(writes.rates.some((r) => r.key === "vote:v4:1000"), false);
  assert.deepEqual(writes.tallies.find((t) => t.key === "q-a|home")?.count, 2);
  assert.deepEqual(writes.questions, [{ id: "q-a", sessionId: "ses-1", votes: 3, revision: 4 }]);
});

Deno.test("decideBatch() - a vote retracted and cast again from another address in one batch moves its tally", () => {
  const s = state([question("q-a", { votes: 1 })], [["q-a|v1", "q-a|old"]]);
  const { answers, writes } = decideBatch([remove("q-a", "v1"), add("q-a", "v1", "new")], s, limits, clock);
  assert.deepEqual(answers.map((a) => a.ok && [a.votes, a.revision]), [[0, 2], [1, 3]]);
  assert.deepEqual(writes.cast, [{ key: "q-a|v1", questionId: "q-a", voterKey: "v1", tallyKey: "q-a|new" }]);
  assert.deepEqual(writes.removed, []);
  assert.deepEqual(
    new Map(writes.tallies.map((t) => [t.key, t.count])),
    new Map([["q-a|old", 0], ["q-a|new", 1]]),
  );
});
