import assert from "node:assert/strict";
import fc from "fast-check";
import { awareness, meetsTarget, prePost, tooSmall, wilson } from "./maths.ts";

const pct = (x: number) => Math.round(x * 1000) / 10;

Deno.test("wilson() - 24 of 30 correct is 62.7%–90.5%", () => {
  const w = wilson(24, 30);
  assert.equal(pct(w.lower), 62.7);
  assert.equal(pct(w.upper), 90.5);
});

Deno.test("wilson() - 80 of 100 correct is 71.1%–86.7%", () => {
  const w = wilson(80, 100);
  assert.equal(pct(w.lower), 71.1);
  assert.equal(pct(w.upper), 86.7);
});

Deno.test("wilson() - no answers know nothing; all or none stay inside [0, 1]", () => {
  assert.deepEqual(wilson(0, 0), { lower: 0, upper: 1 });
  assert.equal(wilson(0, 10).lower, 0);
  assert.ok(Math.abs(wilson(10, 10).upper - 1) < 1e-12);
  assert.throws(() => wilson(3, 2), RangeError);
});

Deno.test("wilson() - the interval holds the rate and narrows as n grows (property)", () => {
  const seed = 20261130;
  try {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, share) => {
          const k = Math.round(share * n);
          const w = wilson(k, n);
          assert.ok(w.lower <= k / n + 1e-12 && k / n <= w.upper + 1e-12);
          const w4 = wilson(k * 4, n * 4);
          assert.ok(w4.upper - w4.lower < w.upper - w.lower + 1e-12);
        },
      ),
      { seed, numRuns: 300 },
    );
  } catch (e) {
    console.error(`fast-check failed with seed ${seed}`);
    throw e;
  }
});

Deno.test("meetsTarget() - only the lower bound counts: 80 of 100 (rate 80%) does not meet 80%", () => {
  const a = awareness(80, 100);
  assert.equal(a.rate, 0.8);
  assert.equal(a.meetsTarget, false);
  assert.equal(awareness(190, 200).meetsTarget, true); // lower ≈ 91%
  assert.equal(meetsTarget(0.8), true);
  assert.equal(meetsTarget(0.7999), false);
});

Deno.test("tooSmall() - under 60 answers the sample is too small to tell", () => {
  assert.equal(tooSmall(59), true);
  assert.equal(tooSmall(60), false);
  assert.equal(awareness(30, 30).tooSmall, true);
  assert.equal(awareness(0, 0).rate, null);
  assert.equal(awareness(0, 0).meetsTarget, false);
});

Deno.test("prePost() - a hand-worked panel: gain, Hake's g, paired, only-pre, only-post", () => {
  // Four items each. Pre-test: A 1/4, B 2/4, C 2/4, D 3/4 (D takes no post-test).
  // Post-test: A 3/4, B 4/4, C 2/4, E 4/4 (E took no pre-test).
  // Paired A, B, C: pre 0.25, 0.5, 0.5 (mean 5/12); post 0.75, 1, 0.5 (mean 0.75).
  // Individual gains 0.5, 0.5, 0 → mean 1/3. g = (0.75 − 5/12) / (1 − 5/12) = (1/3) / (7/12) = 4/7.
  const answers = (who: string, right: number, of = 4) =>
    Array.from({ length: of }, (_, i) => ({ respondentId: who, correct: i < right }));
  const pre = [...answers("A", 1), ...answers("B", 2), ...answers("C", 2), ...answers("D", 3)];
  const post = [...answers("A", 3), ...answers("B", 4), ...answers("C", 2), ...answers("E", 4)];
  const r = prePost(pre, post);
  assert.equal(r.paired, 3);
  assert.equal(r.onlyPre, 1);
  assert.equal(r.onlyPost, 1);
  assert.ok(Math.abs(r.meanPre! - 5 / 12) < 1e-12);
  assert.ok(Math.abs(r.meanPost! - 0.75) < 1e-12);
  assert.ok(Math.abs(r.meanGain! - 1 / 3) < 1e-12);
  assert.ok(Math.abs(r.hakeG! - 4 / 7) < 1e-12);
});

Deno.test("prePost() - nobody paired, or a perfect pre-test, gives no g", () => {
  assert.equal(prePost([{ respondentId: "x", correct: true }], []).hakeG, null);
  const perfect = prePost([{ respondentId: "x", correct: true }], [{ respondentId: "x", correct: true }]);
  assert.equal(perfect.paired, 1);
  assert.equal(perfect.meanGain, 0);
  assert.equal(perfect.hakeG, null);
});
