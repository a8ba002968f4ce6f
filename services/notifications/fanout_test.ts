import assert from "node:assert/strict";
import { chooseDeliveries, keyFigureOf } from "./fanout.ts";
import type { Target } from "./repository.ts";

const base: Target = {
  id: "sub_a",
  channels: ["sms", "webhook"],
  optOutChannels: [],
  digest: false,
  endpointStatus: "active",
  endpointEventTypes: [],
};
const opts = { now: 1_000, digestWindowMs: 500, newId: () => "dlv_x" };

Deno.test("chooseDeliveries() - one delivery per channel, keyed by event, subscriber and channel", () => {
  const rows = chooseDeliveries("evt-1", "policy.amendment.published", [base], opts);
  assert.deepEqual(rows.map((r) => r.key), ["evt-1|sub_a|sms", "evt-1|sub_a|webhook"]);
  assert.ok(rows.every((r) => r.status === "pending" && r.dueAt === 1_000));
});

Deno.test("chooseDeliveries() - opt-outs, disabled endpoints and endpoints for other event types get nothing", () => {
  const t = (x: Partial<Target>) =>
    chooseDeliveries("e", "policy.version.effective", [{ ...base, ...x }], opts);
  assert.deepEqual(t({ optOutChannels: ["sms"] }).map((r) => r.channel), ["webhook"]);
  assert.deepEqual(t({ endpointStatus: "disabled" }).map((r) => r.channel), ["sms"]);
  assert.deepEqual(t({ endpointEventTypes: ["policy.amendment.published"] }).map((r) => r.channel), ["sms"]);
  assert.deepEqual(t({ endpointEventTypes: ["policy.version.effective"] }).map((r) => r.channel), [
    "sms",
    "webhook",
  ]);
});

Deno.test("chooseDeliveries() - a digest subscriber's person channels wait for the window; webhooks never do", () => {
  const rows = chooseDeliveries("e", "policy.amendment.published", [{ ...base, digest: true }], opts);
  assert.deepEqual(rows.map((r) => [r.channel, r.status, r.dueAt, r.digest]), [
    ["sms", "deferred", 1_500, true],
    ["webhook", "pending", 1_000, false],
  ]);
});

Deno.test("keyFigureOf() - the first numeric change", () => {
  assert.deepEqual(
    keyFigureOf([{ field: "title", before: "a", after: "b" }, { field: "rules.x.cap", before: 1, after: 2 }]),
    {
      field: "rules.x.cap",
      before: 1,
      after: 2,
    },
  );
  assert.deepEqual(keyFigureOf([{ field: "rules.x", before: null, after: 5 }]), {
    field: "rules.x",
    before: null,
    after: 5,
  });
  assert.equal(keyFigureOf([]), undefined);
  assert.equal(keyFigureOf("nonsense"), undefined);
});
