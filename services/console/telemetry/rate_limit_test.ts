import assert from "node:assert/strict";
import { WindowRateLimit } from "./rate_limit.ts";

Deno.test("WindowRateLimit - a key over its limit waits for the next window; other keys are apart", () => {
  let now = 120_000 + 45_500;
  const limit = new WindowRateLimit(2, 60_000, () => now);
  assert.deepEqual(limit.hit("a"), { ok: true });
  assert.deepEqual(limit.hit("a"), { ok: true });
  assert.deepEqual(limit.hit("a"), { ok: false, retryAfterSeconds: 15 });
  assert.deepEqual(limit.hit("b"), { ok: true });
  now = 180_000;
  assert.deepEqual(limit.hit("a"), { ok: true });
});

Deno.test("WindowRateLimit - at most maxKeys addresses are tracked in one window", () => {
  const limit = new WindowRateLimit(5, 60_000, () => 0, 2);
  assert.equal(limit.hit("a").ok, true);
  assert.equal(limit.hit("b").ok, true);
  assert.equal(limit.hit("c").ok, false);
  assert.equal(limit.hit("a").ok, true);
});
