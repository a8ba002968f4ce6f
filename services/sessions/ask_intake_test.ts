import assert from "node:assert/strict";
import { type AskState, decideAsk } from "./ask_intake.ts";
import { NotFound, RateLimited, StateConflict } from "./errors.ts";

const limits = { perAskerPerMinute: 3, perAddressPerMinute: 5, perSessionPerMinute: 10 };
const open: AskState = {
  status: "live",
  requiresReview: false,
  ended: false,
  askerCount: 0,
  addressCount: 0,
  taken: 0,
  recent: [],
};
const refusal = (state: AskState | null) => {
  try {
    decideAsk("s-1", state, "异地就医备案怎么办理？", limits, 42);
    return null;
  } catch (err) {
    return err;
  }
};

Deno.test("ask intake: the first rule that refuses decides, in the order gate, asker, address, session", () => {
  assert.ok(refusal(null) instanceof NotFound);
  const everything = { ...open, askerCount: 3, addressCount: 5, taken: 10 };
  const cancelled = refusal({ ...everything, status: "cancelled" });
  assert.ok(cancelled instanceof StateConflict && cancelled.message.includes("cancelled"));
  const ended = refusal({ ...everything, ended: true });
  assert.ok(ended instanceof StateConflict && ended.message.includes("over"));
  const asker = refusal(everything);
  assert.ok(asker instanceof RateLimited);
  assert.equal(asker.scope, "asker");
  assert.equal(asker.retryAfterSeconds, 42);
  const address = refusal({ ...everything, askerCount: 2 });
  assert.ok(address instanceof RateLimited);
  assert.equal(address.scope, "address");
  const session = refusal({ ...everything, askerCount: 2, addressCount: 4 });
  assert.ok(session instanceof RateLimited);
  assert.equal(session.scope, "session");
  // one under every limit: taken
  assert.equal(refusal({ ...everything, askerCount: 2, addressCount: 4, taken: 9 }), null);
});

Deno.test("ask intake: a question is pending where the session reviews them, and is offered its three closest near-duplicates", () => {
  const recent = [
    { id: "q-far", text: "门诊慢特病怎么报销？", status: "approved", votes: 1 },
    { id: "q-same", text: "异地就医备案怎么办理？", status: "approved", votes: 9 },
    { id: "q-near", text: "请问异地就医备案怎么办理呢", status: "pending", votes: 0 },
    { id: "q-near2", text: "异地就医备案如何办理？", status: "answered", votes: 2 },
    { id: "q-near3", text: "异地就医备案怎么办理啊？谢谢", status: "approved", votes: 4 },
  ];
  const taken = decideAsk(
    "s-1",
    { ...open, requiresReview: true, recent },
    "异地就医备案怎么办理？",
    limits,
    1,
  );
  assert.equal(taken.status, "pending");
  // most alike first (ties keep the newest first, as the check reads them); the fourth (0.67) and the far one left out
  assert.deepEqual(taken.similar.map((s) => s.id), ["q-same", "q-near", "q-near3"]);
  assert.equal(taken.similar[0]!.score, 1);
  assert.ok(taken.similar.every((s, i, all) => i === 0 || all[i - 1]!.score >= s.score));
  assert.equal(decideAsk("s-1", open, "异地就医备案怎么办理？", limits, 1).status, "approved");
});
