import assert from "node:assert/strict";
import { NotFound, RateLimited, StateConflict } from "./errors.ts";
import { fromWire, partitionOf, toWire, type WireVerdict } from "./vote_stream.ts";

const back = (v: WireVerdict) => {
  assert.equal(v.ok, false);
  return fromWire(v as Extract<WireVerdict, { ok: false }>);
};

Deno.test("toWire()/fromWire() - a refusal crosses to the accepting instance as the same domain error", () => {
  const rate = back(toWire("a", { ok: false, error: new RateLimited("voter", 17) }));
  assert.ok(rate instanceof RateLimited);
  assert.equal(rate.scope, "voter");
  assert.equal(rate.retryAfterSeconds, 17);
  const tally = back(toWire("b", { ok: false, error: new RateLimited("addressVotes", 0) }));
  assert.ok(tally instanceof RateLimited && tally.scope === "addressVotes" && tally.retryAfterSeconds === 0);
  const closed = back(
    toWire("c", { ok: false, error: new StateConflict("The session is over", "该场次已结束") }),
  );
  assert.ok(closed instanceof StateConflict);
  assert.equal(closed.zh, "该场次已结束");
  assert.equal(closed.message, "The session is over");
  const missing = back(toWire("d", { ok: false, error: new NotFound("question", "q-12345678") }));
  assert.ok(missing instanceof NotFound && missing.id === "q-12345678");
  assert.deepEqual(toWire("e", { ok: true, sessionId: "s", votes: 3, revision: 9, changed: true }), {
    id: "e",
    ok: true,
    votes: 3,
    revision: 9,
    changed: true,
  });
});

Deno.test("partitionOf() - a question always goes to the same partition, within range, spread over all", () => {
  const ids = Array.from({ length: 400 }, (_, i) => `q-${(i * 7919).toString(36).padStart(8, "0")}`);
  const seen = new Set<number>();
  for (const id of ids) {
    const p = partitionOf(id, 4);
    assert.ok(p >= 0 && p < 4);
    assert.equal(partitionOf(id, 4), p);
    seen.add(p);
  }
  assert.equal(seen.size, 4);
  assert.equal(partitionOf(ids[0]!, 1), 0);
});
