import assert from "node:assert/strict";
import { type AskBatchState, type AskOp, askRateKeys, decideAsks, recentCompared } from "./ask_batch.ts";
import { NotFound, RateLimited, StateConflict } from "./errors.ts";

const limits = { perAskerPerMinute: 2, perAddressPerMinute: 3, perSessionPerMinute: 4 };
const clock = { window: 100, retryAfter: 17 };
const op = (n: number, extra: Partial<AskOp> = {}): AskOp => ({
  sessionId: "s-1",
  text: `第${n}个问题：门诊慢特病在外地怎么报销？编号${n}`,
  askerName: null,
  askerKey: `asker-${n}`,
  address: `10.0.0.${n}`,
  ...extra,
});
const state = (): AskBatchState => ({
  rates: new Map(),
  sessions: new Map([["s-1", { status: "live", requiresReview: false, ended: false, taken: 0, recent: [] }]]),
});
const ids = (n: number) => Array.from({ length: n }, (_, i) => `q-${i}`);

Deno.test("ask batch: each question counts in its asker's, address's and session's minute for the ones after it", () => {
  const ops = [
    op(1), // taken
    op(2, { askerKey: "asker-1" }), // the asker's second: taken
    op(3, { askerKey: "asker-1" }), // the asker's third: refused (2 a minute)
    op(4, { address: "10.0.0.1" }), // the address's third (op 1, op 2 came from .1 and .2): taken
    op(5, { address: "10.0.0.1" }), // the address's fourth: refused (3 a minute)
    op(6), // the session's fourth: taken
    op(7), // the session's fifth: refused (4 a minute)
  ];
  ops[1]!.address = "10.0.0.1";
  const s = state();
  const { answers, writes } = decideAsks(ops, ids(ops.length), s, limits, clock);
  const scopes = answers.map((a) =>
    a.ok ? "taken" : a.error instanceof RateLimited ? a.error.scope : a.error.name
  );
  assert.deepEqual(scopes, ["taken", "taken", "asker", "taken", "address", "taken", "session"]);
  const refused = answers[2]!;
  assert.ok(!refused.ok && refused.error instanceof RateLimited && refused.error.retryAfterSeconds === 17);
  // only taken questions are written, in the order asked, with their ids; refused ones count nowhere
  assert.deepEqual(writes.questions.map((q) => q.id), ["q-0", "q-1", "q-3", "q-5"]);
  assert.deepEqual(writes.questions.map((q) => q.seq), [0, 1, 2, 3]);
  const count = new Map(writes.rates.map((r) => [r.key, r.count]));
  assert.equal(count.get(askRateKeys(op(1), 100)[0]), 2);
  assert.equal(count.get(askRateKeys(op(1), 100)[1]), 3);
  assert.equal(count.get(askRateKeys(op(3), 100)[1]), undefined, "a refused question counts in no window");
  assert.equal(s.sessions.get("s-1")!.taken, 4);
});

Deno.test("ask batch: counts read under the locks are where the replay starts", () => {
  const s = state();
  const [asker, address] = askRateKeys(op(1), 100);
  s.rates.set(asker, 1);
  s.rates.set(address, 2);
  const { answers, writes } = decideAsks([op(1), op(1)], ids(2), s, limits, clock);
  assert.equal(answers[0]!.ok, true);
  const second = answers[1]!;
  assert.ok(!second.ok && second.error instanceof RateLimited && second.error.scope === "asker");
  assert.deepEqual(new Map(writes.rates.map((r) => [r.key, r.count])), new Map([[asker, 2], [address, 3]]));
});

Deno.test("ask batch: a question is offered the ones taken before it in the same batch as near-duplicates", () => {
  const s = state();
  s.sessions.get("s-1")!.recent.push({
    id: "q-stored",
    text: "异地就医备案怎么办理？",
    status: "approved",
    votes: 3,
  });
  const ops = [
    op(1, { text: "请问异地就医备案怎么办理呢" }),
    op(2, { text: "门诊共济的报销比例是多少？" }),
    op(3, { text: "请问异地就医备案怎么办理呀" }),
  ];
  const { answers, writes } = decideAsks(ops, ids(3), s, limits, clock);
  const similar = answers.map((a) => a.ok ? a.similar.map((x) => x.id) : null);
  assert.deepEqual(similar, [["q-stored"], [], ["q-0", "q-stored"]]);
  assert.deepEqual(writes.questions.map((q) => q.similarTo), [["q-stored"], [], ["q-0", "q-stored"]]);
  // the batch's questions join the session's recent ones, newest first
  assert.deepEqual(s.sessions.get("s-1")!.recent.map((q) => q.id), ["q-2", "q-1", "q-0", "q-stored"]);
});

Deno.test("ask batch: at most the last 500 questions are compared, the batch's own included", () => {
  const s = state();
  const recent = s.sessions.get("s-1")!.recent;
  for (let i = 0; i < recentCompared; i++) {
    recent.push({ id: `q-old-${i}`, text: `旧问题${i}`, status: "approved", votes: 0 });
  }
  // the oldest stored question reads the same as the last asked, but is pushed out by the batch's first
  recent[recentCompared - 1]!.text = "职工医保个人账户可以给家人用吗？";
  const ops = [op(1), op(2, { text: "职工医保个人账户可以给家人用吗？" })];
  const { answers } = decideAsks(ops, ids(2), s, { ...limits, perSessionPerMinute: 10 }, clock);
  const last = answers[1]!;
  assert.ok(last.ok);
  assert.deepEqual(last.similar, []);
  assert.equal(recent.length, recentCompared);
});

Deno.test("ask batch: an unknown or closed session refuses its questions only", () => {
  const s = state();
  s.sessions.set("s-over", { status: "live", requiresReview: true, ended: true, taken: 0, recent: [] });
  s.sessions.set("s-review", { status: "live", requiresReview: true, ended: false, taken: 0, recent: [] });
  const ops = [
    op(1, { sessionId: "s-none" }),
    op(2, { sessionId: "s-over" }),
    op(3),
    op(4, { sessionId: "s-review" }),
  ];
  const { answers, writes } = decideAsks(ops, ids(4), s, limits, clock);
  const [unknown, over] = answers;
  assert.ok(unknown && !unknown.ok && unknown.error instanceof NotFound);
  assert.ok(over && !over.ok && over.error instanceof StateConflict);
  assert.deepEqual(writes.questions.map((q) => [q.sessionId, q.status]), [["s-1", "approved"], [
    "s-review",
    "pending",
  ]]);
  // the rate windows are per session: the same asker in two sessions counts once in each
  assert.equal(new Set(writes.rates.map((r) => r.key)).size, 4);
});
