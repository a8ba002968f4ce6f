import assert from "node:assert/strict";
import { ackDetail, propagationChannels } from "./propagation.ts";

Deno.test("ackDetail() - what a channel adds besides the acknowledgement's own fields", () => {
  assert.deepEqual(
    ackDetail({
      channel: "notifications",
      consumer: "n",
      eventId: "e",
      eventType: "t",
      syncedAt: "x",
      reached: 3,
    }),
    { reached: 3 },
  );
  assert.deepEqual(ackDetail({ channel: "c", detail: { flagged: 2 } }), { flagged: 2 });
  assert.equal(ackDetail({ channel: "c", consumer: "c", eventId: "e" }), null);
});

Deno.test("propagationChannels() - expected channels with the first acknowledgement and the delay", () => {
  const r = propagationChannels([
    {
      channel: "policy-cache",
      consumer: "i1",
      eventId: "e",
      eventType: "t",
      syncedAt: "2026-11-30T10:00:02.500Z",
      detail: null,
    },
    {
      channel: "policy-cache",
      consumer: "i2",
      eventId: "e",
      eventType: "t",
      syncedAt: "2026-11-30T10:00:01.000Z",
      detail: null,
    },
  ], "2026-11-30T10:00:00.000Z");
  assert.equal(r.channels.length, 1);
  assert.equal(r.channels[0]!.acknowledgements.length, 2);
  const cache = r.expectedChannels.find((c) => c.channel === "policy-cache")!;
  assert.deepEqual(cache, {
    channel: "policy-cache",
    acknowledged: true,
    firstSyncedAt: "2026-11-30T10:00:01.000Z",
    secondsAfterPublication: 1,
  });
  assert.equal(r.expectedChannels.find((c) => c.channel === "sessions")!.acknowledged, false);
  assert.equal(r.expectedChannels.find((c) => c.channel === "items")!.acknowledged, false);
  assert.equal(r.expectedChannels.length, 5);
});
