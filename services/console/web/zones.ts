/**
 * Wall time in an IANA zone, both ways (an instant shown in a zone, a date and time typed in a zone
 * turned into an instant), the weeks of the host's calendar, and the recurrence a host picks turned
 * into an RFC 5545 RRULE value for the sessions API.
 */
import { defaultTimeZone, isTimeZone, wallMs, wallToInstantMs } from "@yibao/domain";
import { type Lang, tr } from "./i18n.ts";

/** The zone hosts work in unless they pick another. */
export const defaultZone = defaultTimeZone;

/** A zone as people say it: 北京时间 / China Standard Time for China's zone, the IANA name otherwise. */
export function zoneZh(zone: string): string {
  return zone === "Asia/Shanghai" ? "北京时间" : zone === "UTC" ? "协调世界时" : zone;
}
/** The English of {@linkcode zoneZh}. */
export function zoneEn(zone: string): string {
  return zone === "Asia/Shanghai" ? "China Standard Time" : zone;
}

/** Whether the runtime knows the zone. */
export const isZone = isTimeZone;

/** Every zone the runtime knows (for the select), the default first. */
export function zoneNames(): string[] {
  const all = (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf("timeZone");
  return [defaultZone, ...all.filter((z) => z !== defaultZone)];
}

/** The wall time of an instant in a zone. */
export interface Wall {
  date: string; // 2026-12-02
  time: string; // 19:30
  weekday: number; // 0 = Monday … 6 = Sunday
}

/** An instant's wall date, time and weekday in a zone. */
export function wallOf(ms: number, zone: string): Wall {
  const wall = new Date(wallMs(ms, zone));
  const iso = wall.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16), weekday: (wall.getUTCDay() + 6) % 7 };
}

/**
 * The instant of a wall date and time in a zone (`2026-12-02`, `19:30`), or null when unreadable.
 * A time skipped by a daylight-saving change moves forward by the gap, as calendar apps do.
 */
export function instantOf(date: string, time: string, zone: string): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  if (Number.isNaN(wall) || Number(t[1]) > 23 || Number(t[2]) > 59) return null;
  // 2026-02-30 is no date (Date.UTC would roll it over to March)
  if (new Date(wall).toISOString().slice(0, 10) !== date) return null;
  return wallToInstantMs(wall, zone);
}

/** An instant as "2026-12-02 19:30" in a zone. */
export function zoned(iso: string | number, zone: string): string {
  const w = wallOf(typeof iso === "number" ? iso : Date.parse(iso), zone);
  return `${w.date} ${w.time}`;
}

/** A calendar date plus days ("2026-12-02" + 7). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday of the week a date is in. */
export function mondayOf(date: string): string {
  const day = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -day);
}

/** Weekday names, Monday first. */
export const weekdayNames: [string, string][] = [
  ["星期一", "Monday"],
  ["星期二", "Tuesday"],
  ["星期三", "Wednesday"],
  ["星期四", "Thursday"],
  ["星期五", "Friday"],
  ["星期六", "Saturday"],
  ["星期日", "Sunday"],
];

const rruleDays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/** How a session repeats, as the form offers it. */
export type Repeat = "none" | "weekly" | "biweekly" | "monthly";

/** The end of a repeating series: a number of occurrences, or a last date (in the session's zone). */
export type SeriesEnd = { count: number } | { until: string };

/** Which week of the month a date's weekday falls in: 1–4, or -1 for the last (a fifth). */
export function weekOfMonth(date: string): number {
  const n = Math.ceil(Number(date.slice(8, 10)) / 7);
  return n >= 5 ? -1 : n;
}

/**
 * The RRULE value of a repetition starting on `date` (wall date in `zone`): weekly and every two
 * weeks on that weekday, monthly on that weekday of the month (the second Tuesday); the end as
 * COUNT, or UNTIL the end of the last day in the zone (in UTC, as RFC 5545 asks with a zoned start).
 */
export function rruleOf(repeat: Repeat, date: string, zone: string, end: SeriesEnd): string | null {
  if (repeat === "none") return null;
  const day = rruleDays[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
  const rule = repeat === "weekly"
    ? `FREQ=WEEKLY;BYDAY=${day}`
    : repeat === "biweekly"
    ? `FREQ=WEEKLY;INTERVAL=2;BYDAY=${day}`
    : `FREQ=MONTHLY;BYDAY=${weekOfMonth(date)}${day}`;
  if ("count" in end) return `${rule};COUNT=${end.count}`;
  const last = instantOf(end.until, "23:59", zone);
  if (last === null) return null;
  const u = new Date(last + 59_000).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  return `${rule};UNTIL=${u}`;
}

const ordinals: Record<string, [string, string]> = {
  "1": ["第一个", "first"],
  "2": ["第二个", "second"],
  "3": ["第三个", "third"],
  "4": ["第四个", "fourth"],
  "-1": ["最后一个", "last"],
};

/** An RRULE value for people ("每周三，共 8 次"), or the rule itself when it is not one the form makes. */
export function repeatText(rrule: string | null, lang: Lang, zone: string): string {
  if (!rrule) return tr(lang, "不重复", "Once");
  const parts = Object.fromEntries(rrule.split(";").map((p) => p.split("=") as [string, string]));
  const byday = parts.BYDAY ?? "";
  const m = /^(-?\d)?([A-Z]{2})$/.exec(byday);
  const di = m ? rruleDays.indexOf(m[2]!) : -1;
  const dayName = di >= 0 ? weekdayNames[di]! : null;
  let head: string;
  if (parts.FREQ === "WEEKLY" && dayName && (parts.INTERVAL ?? "1") === "1") {
    head = tr(lang, `每${dayName[0].replace("星期", "周")}`, `Every ${dayName[1]}`);
  } else if (parts.FREQ === "WEEKLY" && dayName && parts.INTERVAL === "2") {
    head = tr(lang, `每两周的${dayName[0]}`, `Every other ${dayName[1]}`);
  } else if (parts.FREQ === "MONTHLY" && dayName && m?.[1] && ordinals[m[1]]) {
    const o = ordinals[m[1]]!;
    head = tr(lang, `每月${o[0]}${dayName[0]}`, `Monthly on the ${o[1]} ${dayName[1]}`);
  } else {
    head = tr(lang, "自定义重复", "Custom repetition");
  }
  if (parts.COUNT) return tr(lang, `${head}，共 ${parts.COUNT} 次`, `${head}, ${parts.COUNT} times`);
  if (parts.UNTIL) {
    const u = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z?$/.exec(parts.UNTIL);
    if (u) {
      const ms = Date.UTC(+u[1]!, +u[2]! - 1, +u[3]!, +u[4]!, +u[5]!, +u[6]!);
      const d = wallOf(ms, zone).date;
      return tr(lang, `${head}，至 ${d}`, `${head}, until ${d}`);
    }
  }
  return tr(lang, `${head}，不设结束`, `${head}, no end`);
}
