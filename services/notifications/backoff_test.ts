import assert from "node:assert/strict";
import { nextStep, parseRetryAfter } from "./backoff.ts";

const opts = { scheduleMs: [5_000, 300_000], jitter: 0.2, random: () => 0.5 };

Deno.test("nextStep() - 2xx sent, 500 retried on the schedule, then dead when it runs out", () => {
  assert.deepEqual(nextStep({ status: 204 }, 1, opts), { kind: "sent" });
  assert.deepEqual(nextStep({ status: 500 }, 1, opts), { kind: "retry", delayMs: 5_000 });
  assert.deepEqual(nextStep({ status: 0 }, 2, opts), { kind: "retry", delayMs: 300_000 });
  assert.deepEqual(nextStep({ status: 500 }, 3, opts), { kind: "dead", disableEndpoint: false });
});

Deno.test("nextStep() - jitter stays within ± the share", () => {
  assert.equal(
    (nextStep({ status: 500 }, 1, { ...opts, random: () => 0 }) as { delayMs: number }).delayMs,
    4_000,
  );
  assert.equal(
    (nextStep({ status: 500 }, 1, { ...opts, random: () => 1 }) as { delayMs: number }).delayMs,
    6_000,
  );
});

Deno.test("nextStep() - 429 and 503 wait at least Retry-After; 410 disables; other 4xx stop", () => {
  assert.deepEqual(nextStep({ status: 429, retryAfterMs: 60_000 }, 1, opts), {
    kind: "retry",
    delayMs: 60_000,
  });
  assert.deepEqual(nextStep({ status: 503, retryAfterMs: 1_000 }, 1, opts), {
    kind: "retry",
    delayMs: 5_000,
  });
  assert.deepEqual(nextStep({ status: 410 }, 1, opts), { kind: "dead", disableEndpoint: true });
  assert.deepEqual(nextStep({ status: 400 }, 1, opts), { kind: "dead", disableEndpoint: false });
  assert.deepEqual(nextStep({ status: 302 }, 1, opts), { kind: "dead", disableEndpoint: false });
  assert.deepEqual(nextStep({ status: 408 }, 1, opts), { kind: "retry", delayMs: 5_000 });
});

Deno.test("parseRetryAfter() - seconds and HTTP dates", () => {
  assert.equal(parseRetryAfter("2"), 2_000);
  assert.equal(parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("2015-10-21T07:28:00Z")), 10_000);
  assert.equal(parseRetryAfter(null), undefined);
  assert.equal(parseRetryAfter("soon"), undefined);
});
