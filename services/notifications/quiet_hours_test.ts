import assert from "node:assert/strict";
import { quietUntil } from "./quiet_hours.ts";

const night = { start: "22:00", end: "07:00", timeZone: "Asia/Shanghai" };

Deno.test("quietUntil() - inside a window across midnight, the push waits until 07:00 Shanghai", () => {
  // 23:30 in Shanghai is 15:30 UTC
  assert.equal(
    quietUntil(new Date("2025-03-01T15:30:00Z"), night)?.toISOString(),
    "2025-03-01T23:00:00.000Z",
  );
  // 06:59 Shanghai
  assert.equal(
    quietUntil(new Date("2025-03-01T22:59:00Z"), night)?.toISOString(),
    "2025-03-01T23:00:00.000Z",
  );
});

Deno.test("quietUntil() - outside the window, or without one, there is nothing to wait for", () => {
  assert.equal(quietUntil(new Date("2025-03-01T23:00:00Z"), night), null); // 07:00 sharp
  assert.equal(quietUntil(new Date("2025-03-01T04:00:00Z"), night), null); // noon
  assert.equal(quietUntil(new Date("2025-03-01T04:00:00Z"), null), null);
});

Deno.test("quietUntil() - a daytime window in another zone, across a daylight-saving change", () => {
  const q = { start: "01:00", end: "04:00", timeZone: "Europe/Berlin" };
  // 2025-03-30: clocks jump from 02:00 to 03:00 in Berlin; 01:30 CET is 00:30 UTC; 04:00 CEST is 02:00 UTC
  assert.equal(quietUntil(new Date("2025-03-30T00:30:00Z"), q)?.toISOString(), "2025-03-30T02:00:00.000Z");
});

Deno.test("quietUntil() - a window leaving only a few minutes free ends on time, in bounded steps", () => {
  const almostAllDay = { start: "07:05", end: "07:00", timeZone: "Asia/Shanghai" };
  // 04:07Z is 12:07 in Shanghai: inside; the window ends at 07:00 Shanghai the next morning (23:00Z).
  assert.equal(
    quietUntil(new Date("2026-11-22T04:07:00Z"), almostAllDay)?.toISOString(),
    "2026-11-22T23:00:00.000Z",
  );
  assert.equal(quietUntil(new Date("2026-11-22T23:02:00Z"), almostAllDay), null, "07:02 is free");
  const oneMinuteFree = { start: "07:01", end: "07:00", timeZone: "Europe/Berlin" };
  for (let h = 0; h < 24; h++) {
    const at = new Date(Date.UTC(2026, 2, 29, h, 30)); // the day Berlin's clocks go forward
    const until = quietUntil(at, oneMinuteFree);
    assert.ok(
      until === null || until.getTime() > at.getTime(),
      `${at.toISOString()} → ${until?.toISOString()}`,
    );
  }
});
