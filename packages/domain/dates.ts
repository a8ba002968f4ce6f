import { z } from "./zod.ts";

/** The time zone in which policy dates (effectiveFrom, asOf) are calendar days. */
export const policyTimeZone = "Asia/Shanghai";

// Building a formatter costs far more than using one: build it once.
const shanghaiDay = new Intl.DateTimeFormat("en-CA", { timeZone: policyTimeZone });

/** Today in Asia/Shanghai, `YYYY-MM-DD`. */
export function shanghaiToday(now: Date = new Date()): string {
  return shanghaiDay.format(now);
}

/** A real calendar date `YYYY-MM-DD` (2025-02-30 is refused). */
export const calendarDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD").refine(
  (s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  },
  "must be a real calendar date",
).openapi({ format: "date", example: "2026-01-01" });
