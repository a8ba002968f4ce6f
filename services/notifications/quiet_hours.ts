/** Quiet hours: a daily window in the subscriber's time zone in which nothing is pushed; pushes wait until it ends. */

/** A window `HH:MM`–`HH:MM` in an IANA time zone; it may cross midnight (22:00–07:00). */
export interface QuietHours {
  start: string;
  end: string;
  timeZone: string;
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock minutes since midnight of `at` in `timeZone`. */
function localMinutes(at: Date, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(at);
  const h = Number(parts.find((p) => p.type === "hour")!.value);
  const m = Number(parts.find((p) => p.type === "minute")!.value);
  return h * 60 + m;
}

/** True when `zone` is a time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * When the quiet window containing `at` ends, as a UTC instant; null when `at` is outside it. Jumps
 * to the window's end by wall-clock minutes, then settles minute by minute (at most three hours
 * either way), so a daylight-saving shift inside the window is handled by the runtime's time-zone
 * data and a window of any length takes a bounded number of steps.
 */
export function quietUntil(at: Date, q: QuietHours | null | undefined): Date | null {
  if (!q) return null;
  const start = minutes(q.start);
  const end = minutes(q.end);
  if (start === end) return null;
  const inside = (t: number) => {
    const m = localMinutes(new Date(t), q.timeZone);
    return start < end ? m >= start && m < end : m >= start || m < end;
  };
  let t = Math.floor(at.getTime() / 60_000) * 60_000;
  if (!inside(t)) return null;
  t += ((end - localMinutes(new Date(t), q.timeZone) + 1440) % 1440) * 60_000;
  for (let i = 0; i < 180 && inside(t); i++) t += 60_000;
  for (let i = 0; i < 180 && !inside(t - 60_000); i++) t -= 60_000;
  return new Date(t);
}
