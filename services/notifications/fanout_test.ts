import assert from "node:assert/strict";
import { chooseDeliveries, noticeOf } from "./fanout.ts";
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

Deno.test("noticeOf() - the publication's notice; a version taking effect the day it was published shares it", () => {
  const pub = "policy.amendment.published";
  const eff = "policy.version.effective";
  assert.equal(noticeOf(pub, "amd-1", "2027-01-01", null), "amd-1");
  // published 2026-11-30 09:00 in Beijing (01:00 UTC), in force that day or before: one message
  assert.equal(noticeOf(eff, "amd-1", "2026-11-30", "2026-11-30T01:00:00Z"), "amd-1");
  assert.equal(noticeOf(eff, "amd-1", "2026-11-01", "2026-11-30T01:00:00Z"), "amd-1");
  // published 2026-11-29 23:30 UTC = 2026-11-30 07:30 in Beijing
  assert.equal(noticeOf(eff, "amd-1", "2026-11-30", "2026-11-29T23:30:00Z"), "amd-1");
  // in force on a later day: a second message on that day
  assert.equal(noticeOf(eff, "amd-1", "2026-12-01", "2026-11-30T01:00:00Z"), null);
  assert.equal(noticeOf(eff, null, "2026-11-30", "2026-11-30T01:00:00Z"), null);
  assert.equal(noticeOf("session.reminder", "amd-1", null, null), null);
});
