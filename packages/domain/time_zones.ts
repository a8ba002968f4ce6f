/**
 * Instants and wall-clock times in IANA zones, with `Intl` only (no Temporal): validating zone
 * names, the UTC offset of a zone at an instant, and converting between a wall time and the
 * instant it names (daylight saving included).
 */

/** The zone sessions are shown in when none is given. */
export const defaultTimeZone = "Asia/Shanghai";

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for an IANA zone name this runtime knows (`Asia/Shanghai`, `Europe/Berlin`, `UTC`). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The wall time at `instantMs` in `timeZone`, as milliseconds of a "floating" UTC date: a Date
 * whose UTC fields are the wall-clock fields.
 */
export function wallMs(instantMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const seconds = Math.floor(instantMs / 1000) * 1000;
  const ms = instantMs - seconds;
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) + ms;
}

/** The zone's offset from UTC at `instantMs`, in minutes (Shanghai: 480). */
export function offsetMinutes(instantMs: number, timeZone: string): number {
  return Math.round((wallMs(instantMs, timeZone) - instantMs) / 60_000);
}

/**
 * The instant a wall time names in `timeZone`. A wall time skipped by a spring-forward gap moves
 * forward by the gap; one repeated by a fall-back names its first (earlier) instant.
 */
export function wallToInstantMs(wall: number, timeZone: string): number {
  const first = wall - offsetMinutes(wall, timeZone) * 60_000;
  const second = wall - offsetMinutes(first, timeZone) * 60_000;
  if (first === second) {
    // In a fall-back overlap both offsets name this wall time: take the earlier instant.
    const earlier = wall - offsetMinutes(first - 3_600_000, timeZone) * 60_000;
    return wallMs(earlier, timeZone) === wall ? Math.min(earlier, first) : first;
  }
  // One of the two round-trips back to the wall time; in a gap neither does: take the later.
  if (wallMs(second, timeZone) === wall) return second;
  if (wallMs(first, timeZone) === wall) return first;
  return Math.max(first, second);
}

/** `2026-11-25T19:30:00+08:00`: the instant as the wall time of `timeZone` with its offset. */
export function localIso(instantMs: number, timeZone: string): string {
  const off = offsetMinutes(instantMs, timeZone);
  const wall = new Date(wallMs(instantMs, timeZone)).toISOString().slice(0, 19);
  const sign = off < 0 ? "-" : "+";
  const a = Math.abs(off);
  return `${wall}${sign}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}

/** `2026-11-25T11:30:00Z`, whole seconds. */
export function utcIso(instantMs: number): string {
  return new Date(Math.floor(instantMs / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
