/**
 * Recurrence of sessions (RFC 5545 RRULE), expanded in the session's wall time so a weekly
 * 19:30 stays at 19:30 across daylight-saving changes, with single occurrences moved or cancelled.
 */
import rrule from "rrule";
import { wallMs, wallToInstantMs } from "@yibao/domain";

const { RRule } = rrule as unknown as typeof import("rrule");
type RRuleOptions = import("rrule").Options;

/** The RRULE text is not a rule this service accepts. */
export class RecurrenceError extends Error {
  override name = "RecurrenceError";
}

const dayMs = 86_400_000;
/** A series ending (COUNT or UNTIL) has at most this many occurrences. */
export const maxOccurrences = 520;
/** Starts (of sessions, moved occurrences, listing ranges) lie at most this far ahead of now. */
export const maxAheadMs = 5 * 365 * dayMs;
/** Listing ranges start at most this far before now. */
export const maxBehindMs = 365 * dayMs;
/** A listing range is at most this long. */
export const maxRangeMs = 400 * dayMs;
/** Every occurrence of a series ending (COUNT or UNTIL) lies within this span of its first start. */
export const maxSeriesSpanMs = 5 * 366 * dayMs;
/**
 * A rule without COUNT or UNTIL is checked for conflicts from now (or its start) this far ahead:
 * every start a listing can show.
 */
export const openHorizonMs = maxAheadMs + maxRangeMs;
/** Occurrences expanded in one window at most (a daily rule over the open horizon fits). */
const maxExpanded = 3_000;

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
  if (seen.has("BYSETPOS") && options.freq > RRule.MONTHLY) {
    throw new RecurrenceError("BYSETPOS is allowed with MONTHLY or YEARLY only");
  }
  if (!everMatches(options)) throw new RecurrenceError("the rule matches no day of any year");
  return body.toUpperCase();
}

/**
 * False for a rule whose BY parts match no day at all (`BYMONTH=2;BYMONTHDAY=30`): rrule would
 * iterate such a rule period by period up to the year 9999 (seconds for a daily rule). Probed as
 * a yearly rule with the same day filters (a superset of its days: interval, position and
 * ordinals dropped), which costs one step per year.
 */
const everMatchesCache = new Map<string, boolean>();
/** {@linkcode everMatches} of a stored rule (which may predate the check), remembered. */
function ruleEverMatches(rule: string): boolean {
  let known = everMatchesCache.get(rule);
  if (known === undefined) {
    known = everMatches(RRule.parseString(rule));
    if (everMatchesCache.size >= 1000) everMatchesCache.clear();
    everMatchesCache.set(rule, known);
  }
  return known;
}

function everMatches(options: Partial<RRuleOptions>): boolean {
  const probe = new RRule({
    freq: RRule.YEARLY,
    dtstart: new Date(Date.UTC(2000, 0, 1)),
    bymonth: options.bymonth ?? null,
    bymonthday: options.bymonthday ?? null,
    byyearday: options.byyearday ?? null,
    byweekno: options.byweekno ?? null,
    byweekday: options.byweekday === undefined || options.byweekday === null
      ? null
      : ([] as unknown[]).concat(options.byweekday).map((d) =>
        typeof d === "number" ? d : (d as { weekday: number }).weekday
      ),
    count: 1,
  });
  return probe.all().length > 0;
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

/**
 * The rule in wall time, never running past `limitMs`: rrule stops iterating only at UNTIL, COUNT
 * or a match past the window, so a rule that never matches would otherwise run to the year 9999.
 */
function ruleOf(series: Series, limitMs: number): InstanceType<typeof RRule> {
  const options = RRule.parseString(series.rrule!);
  const dtstart = new Date(wallMs(series.startsAt, series.timeZone));
  const limit = wallMs(limitMs, series.timeZone) + dayMs;
  const until = options.until ? wallMs(options.until.getTime(), series.timeZone) : limit;
  return new RRule({ ...options, dtstart, tzid: null, until: new Date(Math.min(until, limit)) });
}

/**
 * The budget of expansion: no rule is iterated beyond this instant, however far a caller asks
 * (rrule iterates every period from the series' start, matching or not). Ending series are
 * accepted only when they end within {@linkcode maxSeriesSpanMs}; open ones are never shown or
 * checked beyond {@linkcode openHorizonMs} from now.
 */
export function expansionLimit(series: Series, now = Date.now()): number {
  return Math.max(series.startsAt, now) + Math.max(openHorizonMs, maxSeriesSpanMs) + dayMs;
}

/** Original starts of the series in [fromMs, toMs) (instants), within the expansion budget. */
function originalStarts(series: Series, fromMs: number, toMs: number, cap = maxExpanded): number[] {
  if (!series.rrule) return series.startsAt >= fromMs && series.startsAt < toMs ? [series.startsAt] : [];
  toMs = Math.min(toMs, expansionLimit(series));
  if (toMs <= fromMs || !ruleEverMatches(series.rrule)) return [];
  const rule = ruleOf(series, toMs);
  const walls = rule.between(
    new Date(Math.max(fromMs, series.startsAt) - dayMs),
    new Date(toMs + dayMs),
    true,
    (_d, i) => i < cap,
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

/**
 * The window conflicts are checked in: from now (or the series' first start, when later) to its
 * end, or over {@linkcode openHorizonMs} when it never ends. Past occurrences are not checked.
 */
export function checkWindow(series: Series, now: number): { from: number; to: number } {
  const from = Math.max(series.startsAt, now);
  const end = seriesEnd(series);
  return { from, to: Math.max(from, end ?? from + openHorizonMs) };
}

/**
 * Checks that a series can be expanded within the budget, before anything is locked: an ending
 * series (COUNT or UNTIL) must have all its occurrences, at most {@linkcode maxOccurrences},
 * within {@linkcode maxSeriesSpanMs} of its start (UNTIL is never silently cut short), and every
 * rule must give an occurrence within that span. Throws {@linkcode RecurrenceError}.
 */
export function checkSeries(series: Series): void {
  if (!series.rrule) return;
  const options = RRule.parseString(series.rrule);
  if (!ruleEverMatches(series.rrule)) throw new RecurrenceError("the rule matches no day of any year");
  const spanEnd = series.startsAt + maxSeriesSpanMs;
  const years = Math.round(maxSeriesSpanMs / (365.25 * dayMs));
  if (options.until && options.until.getTime() > spanEnd + dayMs) {
    throw new RecurrenceError(`UNTIL must lie within ${years} years of the first start`);
  }
  const found = originalStarts(series, series.startsAt, spanEnd, maxOccurrences + 1);
  if (found.length === 0) {
    throw new RecurrenceError(`the rule gives no occurrence within ${years} years of the first start`);
  }
  if (options.count && found.length < options.count) {
    throw new RecurrenceError(
      `COUNT=${options.count}: only ${found.length} occurrences fit within ${years} years of the first start`,
    );
  }
  if (options.until && found.length > maxOccurrences) {
    throw new RecurrenceError(`UNTIL gives more than ${maxOccurrences} occurrences`);
  }
}
