import assert from "node:assert/strict";
import { ModerationRefused, nextStatus, similarity } from "./moderation.ts";

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
