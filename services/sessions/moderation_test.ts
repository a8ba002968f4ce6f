import assert from "node:assert/strict";
import fc from "fast-check";
import { bigrams, bigramSimilarity, ModerationRefused, nextStatus, similarity } from "./moderation.ts";

Deno.test("moderation: the allowed moves and the refused ones", () => {
  assert.equal(nextStatus("pending", { action: "approve", text: "改写" }), "approved");
  assert.equal(nextStatus("pending", { action: "dismiss" }), "dismissed");
  assert.equal(nextStatus("approved", { action: "answer", answer: "可以", citedPolicies: [] }), "answered");
  assert.equal(nextStatus("answered", { action: "reopen" }), "approved");
  assert.equal(nextStatus("dismissed", { action: "reopen" }), "approved");
  assert.equal(nextStatus("approved", { action: "merge", into: "q-x" }), "merged");
  assert.equal(nextStatus("approved", { action: "pin" }), "approved");
  for (
    const [from, a] of [
      ["approved", { action: "approve" }],
      ["pending", { action: "answer", answer: "x", citedPolicies: [] }],
      ["pending", { action: "pin" }],
      ["answered", { action: "merge", into: "q-x" }],
      ["approved", { action: "reopen" }],
      ["merged", { action: "dismiss" }],
    ] as const
  ) {
    assert.throws(() => nextStatus(from, a), ModerationRefused, `${from} ${a.action}`);
  }
});

Deno.test("near-duplicates: Chinese questions that say the same are close, different ones are not", () => {
  const a = "异地就医备案怎么办理？";
  assert.ok(similarity(a, "异地就医备案怎么办理") > 0.9);
  assert.ok(similarity(a, "请问异地就医备案怎么办理呢") > 0.6);
  assert.ok(similarity(a, "门诊共济的报销比例是多少") < 0.2);
  assert.equal(similarity("", ""), 0);
});

/** The near-duplicate score as first written: both texts split afresh, every gram of the first counted. */
function referenceSimilarity(a: string, b: string): number {
  const grams = (s: string) => {
    const t = s.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, "");
    const out = new Map<string, number>();
    for (let i = 0; i < t.length - 1; i++) out.set(t.slice(i, i + 2), (out.get(t.slice(i, i + 2)) ?? 0) + 1);
    if (t.length === 1) out.set(t, 1);
    return out;
  };
  const ga = grams(a);
  const gb = grams(b);
  let both = 0;
  let total = 0;
  for (const n of ga.values()) total += n;
  for (const n of gb.values()) total += n;
  for (const [g, n] of ga) both += Math.min(n, gb.get(g) ?? 0);
  return total === 0 ? 0 : (2 * both) / total;
}

Deno.test("near-duplicates: the cached bigrams score every pair as splitting both texts afresh does", () => {
  // few distinct characters, so texts share and repeat bigrams; punctuation and case in between
  const text = fc.string({
    unit: fc.constantFrom("医", "保", "报", "销", "备", "案", "A", "a", "，", " ", "？", "1", "𠮷"),
    maxLength: 24,
  });
  fc.assert(
    fc.property(text, text, (a, b) => {
      assert.equal(similarity(a, b), referenceSimilarity(a, b));
      assert.equal(similarity(b, a), referenceSimilarity(a, b));
      // asked again (now from the cache): the same
      assert.equal(bigramSimilarity(bigrams(a), bigrams(b)), referenceSimilarity(a, b));
    }),
    { seed: 20261130, numRuns: 2_000 },
  );
});
