import { z } from "./zod.ts";

/** The time zone in which policy dates (effectiveFrom, asOf) are calendar days. */
export const policyTimeZone = "Asia/Shanghai";

// Building a formatter costs far more than using one: build it once.
const shanghaiDay = new Intl.DateTimeFormat("en-CA", { timeZone: policyTimeZone });

// Today's answer and the instant it stops being true: every read asks for today, and formatting a
// date in a time zone costs microseconds a request need not spend.
let today = "";
let todayUntil = 0;
const dayMs = 86_400_000;

/** Today in Asia/Shanghai, `YYYY-MM-DD`. */
export function shanghaiToday(now?: Date): string {
  if (now !== undefined) return shanghaiDay.format(now);
  const t = Date.now();
  if (t < todayUntil && t >= todayUntil - dayMs) return today;
  today = shanghaiDay.format(t);
  // the next Shanghai midnight: the day's UTC midnight, one day on, less the zone's offset
  todayUntil = Date.parse(`${today}T00:00:00Z`) + dayMs - shanghaiOffsetMs(t);
  return today;
}

const shanghaiClock = new Intl.DateTimeFormat("en-US", {
  timeZone: policyTimeZone,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** Asia/Shanghai's offset from UTC at `t`, in milliseconds (+8 h since 1991). */
function shanghaiOffsetMs(t: number): number {
  const parts: Record<string, string> = {};
  for (const p of shanghaiClock.formatToParts(t)) parts[p.type] = p.value;
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(t / 1000) * 1000;
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether `YYYY-MM-DD` (already of that shape) names a real day of the proleptic Gregorian calendar. */
function isCalendarDate(s: string): boolean {
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= monthDays[m - 1]! + (leap ? 1 : 0);
}

/** A real calendar date `YYYY-MM-DD` (2025-02-30 is refused). */
export const calendarDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD").refine(
  isCalendarDate,
  "must be a real calendar date",
).openapi({ format: "date", example: "2026-01-01" });
