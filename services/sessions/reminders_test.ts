import assert from "node:assert/strict";
import { dueReminders } from "./reminders.ts";

const weekly = {
  id: "ses-weekly",
  startsAt: Date.parse("2026-12-02T11:30:00Z"),
  durationMinutes: 60,
  timeZone: "Asia/Shanghai",
  rrule: "FREQ=WEEKLY;COUNT=4",
  exceptions: {} as Record<string, { startsAt?: string; cancelled?: boolean }>,
  info: { title: "周三晚间答疑" },
};
const at = (iso: string) => Date.parse(iso);

Deno.test("reminders: the nearest offset reached for each occurrence that has not started", () => {
  // 30 minutes before the second Wednesday: its 1 h reminder is due (not the 24 h one any more).
  const due = dueReminders([weekly], [1440, 60], at("2026-12-09T11:00:00Z"));
  assert.deepEqual(due.map((d) => [d.key, d.offsetMinutes]), [[
    "ses-weekly|2026-12-09T11:30:00.000Z|60",
    60,
  ]]);
  assert.equal(due[0]!.data.title, "周三晚间答疑");
  // 20 hours before: the 24 h reminder.
  assert.deepEqual(
    dueReminders([weekly], [1440, 60], at("2026-12-08T15:30:00Z")).map((d) => d.offsetMinutes),
    [1440],
  );
  // Nothing due two days before, nor once it has started.
  assert.deepEqual(dueReminders([weekly], [1440, 60], at("2026-12-07T11:30:00Z")), []);
  assert.deepEqual(dueReminders([weekly], [1440, 60], at("2026-12-09T11:31:00Z")), []);
});

Deno.test("reminders: a cancelled occurrence gets none; a moved one is reminded at its new time, under its original key", () => {
  const s = {
    ...weekly,
    exceptions: {
      "2026-12-09T11:30:00.000Z": { cancelled: true },
      "2026-12-16T11:30:00.000Z": { startsAt: "2026-12-17T12:00:00.000Z" },
    },
  };
  assert.deepEqual(dueReminders([s], [60], at("2026-12-09T11:00:00Z")), []);
  assert.deepEqual(dueReminders([s], [60], at("2026-12-16T11:00:00Z")), []);
  const moved = dueReminders([s], [60], at("2026-12-17T11:30:00Z"));
  assert.deepEqual(moved.map((d) => d.key), ["ses-weekly|2026-12-16T11:30:00.000Z|60"]);
  assert.equal(moved[0]!.data.occurrenceStart, "2026-12-17T12:00:00Z");
});
