import assert from "node:assert/strict";
import { instantOf, mondayOf, repeatText, rruleOf, wallOf, weekOfMonth, zoned } from "./zones.ts";

Deno.test("instantOf() - a Shanghai wall time is eight hours ahead of UTC", () => {
  assert.equal(
    new Date(instantOf("2026-12-02", "19:30", "Asia/Shanghai")!).toISOString(),
    "2026-12-02T11:30:00.000Z",
  );
});

Deno.test("instantOf() - New York in summer and winter (daylight saving)", () => {
  assert.equal(
    new Date(instantOf("2026-07-01", "09:00", "America/New_York")!).toISOString(),
    "2026-07-01T13:00:00.000Z",
  );
  assert.equal(
    new Date(instantOf("2026-12-01", "09:00", "America/New_York")!).toISOString(),
    "2026-12-01T14:00:00.000Z",
  );
});

Deno.test("instantOf() - unreadable dates and times are null", () => {
  assert.equal(instantOf("2026-13-40", "25:00", "Asia/Shanghai"), null);
  assert.equal(instantOf("tomorrow", "19:30", "Asia/Shanghai"), null);
  assert.equal(instantOf("2026-02-30", "19:30", "Asia/Shanghai"), null);
  assert.equal(instantOf("2026-13-01", "19:30", "Asia/Shanghai"), null);
});

Deno.test("wallOf() and zoned() - an instant in a zone, Monday first", () => {
  const ms = Date.parse("2026-12-02T11:30:00Z");
  assert.deepEqual(wallOf(ms, "Asia/Shanghai"), { date: "2026-12-02", time: "19:30", weekday: 2 });
  assert.equal(zoned("2026-12-02T11:30:00Z", "Europe/London"), "2026-12-02 11:30");
});

Deno.test("mondayOf() - the week starts on Monday", () => {
  assert.equal(mondayOf("2026-12-06"), "2026-11-30");
  assert.equal(mondayOf("2026-11-30"), "2026-11-30");
});

Deno.test("rruleOf() - weekly, every two weeks, monthly by weekday, with an end", () => {
  assert.equal(rruleOf("none", "2026-12-08", "Asia/Shanghai", { count: 3 }), null);
  assert.equal(
    rruleOf("weekly", "2026-12-08", "Asia/Shanghai", { count: 8 }),
    "FREQ=WEEKLY;BYDAY=TU;COUNT=8",
  );
  assert.equal(
    rruleOf("biweekly", "2026-12-08", "Asia/Shanghai", { count: 4 }),
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=4",
  );
  // 8 December 2026 is the second Tuesday of the month
  assert.equal(weekOfMonth("2026-12-08"), 2);
  assert.equal(
    rruleOf("monthly", "2026-12-08", "Asia/Shanghai", { count: 6 }),
    "FREQ=MONTHLY;BYDAY=2TU;COUNT=6",
  );
  assert.equal(
    rruleOf("monthly", "2026-12-29", "Asia/Shanghai", { count: 6 }),
    "FREQ=MONTHLY;BYDAY=-1TU;COUNT=6",
  );
  // until the end of 31 January in Shanghai: 15:59:59 UTC
  assert.equal(
    rruleOf("weekly", "2026-12-08", "Asia/Shanghai", { until: "2027-01-31" }),
    "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270131T155959Z",
  );
});

Deno.test("repeatText() - the rules the form makes, for people", () => {
  assert.equal(repeatText("FREQ=WEEKLY;BYDAY=TU;COUNT=8", "zh", "Asia/Shanghai"), "每周二，共 8 次");
  assert.equal(
    repeatText("FREQ=MONTHLY;BYDAY=2TU;COUNT=6", "zh", "Asia/Shanghai"),
    "每月第二个星期二，共 6 次",
  );
  assert.equal(
    repeatText("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270131T155959Z", "en", "Asia/Shanghai"),
    "Every other Tuesday, until 2027-01-31",
  );
  assert.equal(repeatText(null, "zh", "Asia/Shanghai"), "不重复");
});
