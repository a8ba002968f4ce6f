import assert from "node:assert/strict";
import { findClashes } from "./conflicts.ts";
import {
  checkSeries,
  checkWindow,
  expansionLimit,
  isOccurrence,
  maxSeriesSpanMs,
  normaliseRule,
  occurrencesBetween,
  RecurrenceError,
  seriesEnd,
} from "./recurrence.ts";
import { isTimeZone, localIso, offsetMinutes, wallToInstantMs } from "@yibao/domain";

Deno.test("zones: names are checked, offsets follow daylight saving", () => {
  assert.equal(isTimeZone("Asia/Shanghai"), true);
  assert.equal(isTimeZone("UTC"), true);
  assert.equal(isTimeZone("Mars/Olympus"), false);
  assert.equal(isTimeZone("../etc"), false);
  assert.equal(offsetMinutes(Date.parse("2026-07-01T00:00:00Z"), "Asia/Shanghai"), 480);
  assert.equal(offsetMinutes(Date.parse("2026-07-01T00:00:00Z"), "America/New_York"), -240);
  assert.equal(offsetMinutes(Date.parse("2026-12-01T00:00:00Z"), "America/New_York"), -300);
  assert.equal(localIso(Date.parse("2026-11-25T11:30:00Z"), "Asia/Shanghai"), "2026-11-25T19:30:00+08:00");
  // 02:30 on 8 March 2026 does not exist in New York: it moves forward to 03:30 EDT.
  assert.equal(
    new Date(wallToInstantMs(Date.parse("2026-03-08T02:30:00Z"), "America/New_York")).toISOString(),
    "2026-03-08T07:30:00.000Z",
  );
  // 01:30 on 1 November 2026 happens twice: the first (EDT) is taken.
  assert.equal(
    new Date(wallToInstantMs(Date.parse("2026-11-01T01:30:00Z"), "America/New_York")).toISOString(),
    "2026-11-01T05:30:00.000Z",
  );
});

Deno.test("rules: malformed or unsupported rules are refused with a reason", () => {
  for (
    const bad of [
      "",
      "FREQ=HOURLY",
      "BYDAY=WE",
      "FREQ=WEEKLY;COUNT=0",
      "FREQ=WEEKLY;FOO=1",
      "FREQ=WEEKLY;COUNT=2;UNTIL=20270101T000000Z",
      "FREQ=WEEKLY;FREQ=DAILY",
      "nonsense",
    ]
  ) {
    assert.throws(() => normaliseRule(bad), RecurrenceError, bad);
  }
  assert.equal(normaliseRule("RRULE:freq=weekly;byday=WE;count=4"), "FREQ=WEEKLY;BYDAY=WE;COUNT=4");
});

const weekly = (tz: string, start: string, rule = "FREQ=WEEKLY;COUNT=6") => ({
  startsAt: Date.parse(start),
  durationMinutes: 60,
  timeZone: tz,
  rrule: rule,
  exceptions: {},
});

Deno.test("recurrence: a weekly session keeps its wall time across a daylight-saving change", () => {
  // Wednesdays 19:30 in New York, from 21 October 2026: DST ends on 1 November.
  const s = weekly("America/New_York", "2026-10-21T23:30:00Z");
  const occ = occurrencesBetween(s, Date.parse("2026-10-01T00:00:00Z"), Date.parse("2027-01-01T00:00:00Z"));
  assert.equal(occ.length, 6);
  assert.deepEqual(
    occ.map((o) => localIso(o.start, "America/New_York").slice(11)),
    Array(6).fill("19:30:00-04:00").map((v, i) => i < 2 ? v : "19:30:00-05:00"),
  );
  assert.equal(seriesEnd(s), occ[5]!.end);
  // Shanghai has no DST: the same instants every week.
  const sh = weekly("Asia/Shanghai", "2026-10-21T11:30:00Z");
  const o2 = occurrencesBetween(sh, 0, Date.parse("2027-01-01T00:00:00Z"));
  assert.deepEqual(o2.map((o) => o.start - o2[0]!.start), [0, 1, 2, 3, 4, 5].map((i) => i * 7 * 86_400_000));
});

Deno.test("recurrence: a moved occurrence is found where it is now; a cancelled one is flagged", () => {
  const s = weekly("Asia/Shanghai", "2026-10-21T11:30:00Z");
  s.exceptions = {
    "2026-10-28T11:30:00.000Z": { startsAt: "2026-10-29T12:00:00.000Z" },
    "2026-11-04T11:30:00.000Z": { cancelled: true },
  } as never;
  const occ = occurrencesBetween(s, Date.parse("2026-10-29T00:00:00Z"), Date.parse("2026-11-05T00:00:00Z"));
  assert.equal(occ.length, 2);
  assert.equal(new Date(occ[0]!.start).toISOString(), "2026-10-29T12:00:00.000Z");
  assert.equal(occ[0]!.moved, true);
  assert.equal(occ[1]!.cancelled, true);
  assert.equal(isOccurrence(s, Date.parse("2026-10-28T11:30:00Z")), true);
  assert.equal(isOccurrence(s, Date.parse("2026-10-28T11:31:00Z")), false);
  assert.equal(seriesEnd({ ...s, rrule: "FREQ=WEEKLY" }), null);
});

Deno.test("clashes: buffers count, cancelled occurrences never clash", () => {
  const at = (h: number, m = 0) => Date.parse("2026-12-02T00:00:00Z") + (h * 60 + m) * 60_000;
  const occ = (s: number, e: number, cancelled = false) => ({
    originalStart: s,
    start: s,
    end: e,
    moved: false,
    cancelled,
  });
  const mine = [occ(at(10), at(11))];
  const n = (
    o: ReturnType<typeof occ>[],
  ) => [{ id: "x", sameHost: true, sameChannel: false, occurrences: o }];
  assert.equal(findClashes(mine, n([occ(at(11), at(12))]), 0).length, 0);
  assert.equal(findClashes(mine, n([occ(at(11, 10), at(12))]), 15 * 60_000).length, 1);
  assert.equal(findClashes(mine, n([occ(at(9), at(9, 50))]), 15 * 60_000).length, 1);
  assert.equal(findClashes(mine, n([occ(at(10, 30), at(12), true)]), 0).length, 0);
  assert.equal(findClashes(mine, n([occ(at(8), at(9)), occ(at(10, 59), at(12))]), 0)[0]!.reason, "host");
});

Deno.test("budget: rules that cannot give their occurrences within the span are refused, UNTIL is never cut short", () => {
  const start = "2026-12-02T11:30:00Z";
  for (
    const [rule, reason] of [
      ["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", /no day of any year/],
      ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=520", /COUNT=520/],
      ["FREQ=DAILY;UNTIL=20301231", /more than 520/],
      ["FREQ=MONTHLY;UNTIL=20990101T000000Z", /UNTIL must lie within/],
      ["FREQ=WEEKLY;COUNT=520", /COUNT=520/],
    ] as const
  ) {
    assert.throws(() => checkSeries(weekly("Asia/Shanghai", start, rule)), reason, rule);
  }
  // Accepted: the whole series fits, and its end is where UNTIL puts it.
  checkSeries(weekly("Asia/Shanghai", start, "FREQ=DAILY;COUNT=520"));
  checkSeries(weekly("Asia/Shanghai", start, "FREQ=DAILY"));
  const until = weekly("Asia/Shanghai", start, "FREQ=WEEKLY;UNTIL=20301231");
  checkSeries(until);
  assert.equal(new Date(seriesEnd(until)!).toISOString().slice(0, 10), "2030-12-25");
  // An open rule is never iterated past the budget, however far a caller asks.
  const open = weekly("Asia/Shanghai", start, "FREQ=DAILY");
  const far = occurrencesBetween(
    open,
    Date.parse("9000-01-01T00:00:00Z"),
    Date.parse("9001-01-01T00:00:00Z"),
  );
  assert.equal(far.length, 0);
  assert.equal(isOccurrence(open, Date.parse("9000-01-01T11:30:00Z")), false);
  assert.ok(expansionLimit(open) - Date.parse(start) < maxSeriesSpanMs + 402 * 86_400_000);
});

Deno.test("conflict window: from now (not the series' first start) over the whole horizon", () => {
  const now = Date.parse("2029-06-01T00:00:00Z");
  const s = weekly("Asia/Shanghai", "2026-12-02T11:30:00Z", "FREQ=WEEKLY;UNTIL=20301231");
  const w = checkWindow(s, now);
  assert.equal(w.from, now);
  assert.equal(new Date(w.to).toISOString().slice(0, 10), "2030-12-25");
  const open = checkWindow(weekly("Asia/Shanghai", "2026-12-02T11:30:00Z", "FREQ=WEEKLY"), now);
  assert.equal(open.from, now);
  assert.ok(open.to - now > 5 * 365 * 86_400_000);
});
