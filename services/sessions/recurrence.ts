/**
 * Recurrence of sessions (RFC 5545 RRULE), expanded in the session's wall time so a weekly
 * 19:30 stays at 19:30 across daylight-saving changes, with single occurrences moved or cancelled.
 */
import rrule from "rrule";
import { wallMs, wallToInstantMs } from "./time.ts";

const { RRule } = rrule as unknown as typeof import("rrule");
type RRuleOptions = import("rrule").Options;

/** The RRULE text is not a rule this service accepts. */
export class RecurrenceError extends Error {
  override name = "RecurrenceError";
}

/** At most this many occurrences of one series are ever expanded. */
export const maxOccurrences = 520;
/** A rule without COUNT or UNTIL is checked and listed this far ahead of its start. */
export const openHorizonMs = 366 * 86_400_000;

const allowed = new Set([
  "FREQ",
  "INTERVAL",
  "COUNT",
  "UNTIL",
  "BYDAY",
  "BYMONTHDAY",
  "BYMONTH",
  "BYSETPOS",
  "BYWEEKNO",
  "BYYEARDAY",
  "WKST",
]);

/**
 * Parses an RRULE value (`FREQ=WEEKLY;BYDAY=WE;COUNT=8`, with or without the `RRULE:` prefix)
 * and returns it normalised. Sub-daily frequencies and DTSTART inside the rule are refused.
 */
export function normaliseRule(text: string): string {
  const body = text.trim().replace(/^RRULE:/i, "");
  if (!body || /[\r\n]/.test(body)) throw new RecurrenceError("the rule must be one RRULE line");
  const parts = body.split(";");
  const seen = new Set<string>();
  for (const part of parts) {
    const m = /^([A-Za-z]+)=(.+)$/.exec(part);
    if (!m) throw new RecurrenceError(`"${part}" is not NAME=VALUE`);
    const name = m[1]!.toUpperCase();
    if (!allowed.has(name)) throw new RecurrenceError(`${name} is not allowed in a session's rule`);
    if (seen.has(name)) throw new RecurrenceError(`${name} appears twice`);
    seen.add(name);
  }
  if (!seen.has("FREQ")) throw new RecurrenceError("FREQ is required");
  if (seen.has("COUNT") && seen.has("UNTIL")) throw new RecurrenceError("COUNT and UNTIL exclude each other");
  let options: Partial<RRuleOptions>;
  try {
    options = RRule.parseString(body.toUpperCase().replace(/UNTIL=(\d{8}T\d{6})(?!Z)/, "UNTIL=$1Z"));
  } catch (err) {
    throw new RecurrenceError((err as Error).message);
  }
  if (options.freq === undefined || options.freq > RRule.DAILY) {
    throw new RecurrenceError("FREQ must be YEARLY, MONTHLY, WEEKLY or DAILY");
  }
  if (
    options.count !== undefined && options.count !== null &&
    (options.count < 1 || options.count > maxOccurrences)
  ) {
    throw new RecurrenceError(`COUNT must be between 1 and ${maxOccurrences}`);
  }
  if (options.interval !== undefined && (options.interval < 1 || options.interval > 365)) {
    throw new RecurrenceError("INTERVAL must be between 1 and 365");
  }
  return body.toUpperCase();
}

/** What expansion needs of a session. */
export interface Series {
  startsAt: number;
  durationMinutes: number;
  timeZone: string;
  rrule: string | null;
  /** Changes of single occurrences, keyed by the occurrence's original start (UTC ISO). */
  exceptions: Record<string, OccurrenceException>;
}

/** A single occurrence moved to another start, or cancelled. */
export interface OccurrenceException {
  startsAt?: string;
  cancelled?: boolean;
}

/** One occurrence: where the rule put it, and where it is. */
export interface Occurrence {
  /** The start the rule gives it (its RECURRENCE-ID). */
  originalStart: number;
  start: number;
  end: number;
  moved: boolean;
  cancelled: boolean;
}

function ruleOf(series: Series): InstanceType<typeof RRule> {
  const options = RRule.parseString(series.rrule!);
  const dtstart = new Date(wallMs(series.startsAt, series.timeZone));
  if (options.until) options.until = new Date(wallMs(options.until.getTime(), series.timeZone));
  return new RRule({ ...options, dtstart, tzid: null });
}

/** Original starts of the series in [fromMs, toMs) (instants), at most {@linkcode maxOccurrences}. */
function originalStarts(series: Series, fromMs: number, toMs: number): number[] {
  if (!series.rrule) return series.startsAt >= fromMs && series.startsAt < toMs ? [series.startsAt] : [];
  const rule = ruleOf(series);
  const day = 86_400_000;
  const walls = rule.between(
    new Date(fromMs - day),
    new Date(toMs + day),
    true,
    (_d, i) => i < maxOccurrences,
  );
  return walls.map((w) => wallToInstantMs(w.getTime(), series.timeZone)).filter((t) =>
    t >= fromMs && t < toMs
  );
}

/**
 * The occurrences that overlap [fromMs, toMs), in start order: moved ones where they are now
 * (found even when the rule put them outside the window), cancelled ones flagged.
 */
export function occurrencesBetween(series: Series, fromMs: number, toMs: number): Occurrence[] {
  const dur = series.durationMinutes * 60_000;
  const out = new Map<number, Occurrence>();
  for (const original of originalStarts(series, fromMs - dur, toMs)) {
    out.set(original, occurrenceOf(series, original, dur));
  }
  for (const [key, ex] of Object.entries(series.exceptions)) {
    const original = Date.parse(key);
    if (out.has(original) || !ex.startsAt) continue;
    const occ = occurrenceOf(series, original, dur);
    if (occ.start < toMs && occ.end > fromMs && isOccurrence(series, original)) out.set(original, occ);
  }
  return [...out.values()]
    .filter((o) => o.start < toMs && o.end > fromMs)
    .sort((a, b) => a.start - b.start);
}

function occurrenceOf(series: Series, original: number, dur: number): Occurrence {
  const ex = series.exceptions[new Date(original).toISOString()];
  const start = ex?.startsAt ? Date.parse(ex.startsAt) : original;
  return {
    originalStart: original,
    start,
    end: start + dur,
    moved: !!ex?.startsAt,
    cancelled: !!ex?.cancelled,
  };
}

/** True when the rule puts an occurrence exactly at `originalStart`. */
export function isOccurrence(series: Series, originalStart: number): boolean {
  return originalStarts(series, originalStart, originalStart + 1).length === 1;
}

/** The end of the series' last occurrence; null when the rule never ends. */
export function seriesEnd(series: Series): number | null {
  const dur = series.durationMinutes * 60_000;
  if (!series.rrule) {
    const only = occurrenceOf(series, series.startsAt, dur);
    return only.end;
  }
  const options = RRule.parseString(series.rrule);
  if (!options.count && !options.until) return null;
  const all = occurrencesBetween(series, series.startsAt, Number.MAX_SAFE_INTEGER / 2);
  if (all.length === 0) return series.startsAt + dur;
  return Math.max(...all.map((o) => o.end));
}

/** The window conflicts are checked in: the whole series, or its first {@linkcode openHorizonMs} when it never ends. */
export function checkWindow(series: Series): { from: number; to: number } {
  const end = seriesEnd(series);
  return { from: series.startsAt, to: end ?? series.startsAt + openHorizonMs };
}
