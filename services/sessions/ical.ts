/**
 * The iCalendar feed (RFC 5545) of sessions: one VEVENT per series (RRULE, EXDATE for cancelled
 * occurrences), one per moved occurrence (RECURRENCE-ID), STATUS:CANCELLED for cancelled
 * sessions, SEQUENCE bumped on every change, and a VTIMEZONE per zone built from `Intl`.
 */
import { expansionLimit, seriesEnd } from "./recurrence.ts";
import { offsetMinutes, wallMs } from "@yibao/domain";

/** What the feed needs of a session. */
export interface FeedSession {
  id: string;
  title: string;
  description: string;
  hostName: string;
  startsAt: number;
  durationMinutes: number;
  timeZone: string;
  rrule: string | null;
  exceptions: Record<string, { startsAt?: string; cancelled?: boolean }>;
  status: "scheduled" | "cancelled";
  sequence: number;
  updatedAt: number;
  url: string | null;
  /** The platform streamed on (`douyin`…) and the account, for LOCATION. */
  channel: string;
  channelAccount: string;
}

/** The platforms' names, Chinese first. */
const platformNames: Record<string, string> = {
  app: "医保服务平台 App / Yibao app",
  wechatChannels: "微信视频号 / WeChat Channels",
  douyin: "抖音 / Douyin",
  kuaishou: "快手 / Kuaishou",
  bilibili: "哔哩哔哩 / Bilibili",
  weibo: "微博 / Weibo",
};

/** Where to watch: the platform and account, and the link when there is one. */
function location(s: FeedSession): string {
  const where = `${platformNames[s.channel] ?? s.channel}：${s.channelAccount}`;
  return s.url ? `${where} ${s.url}` : where;
}

function escapeText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character. */
function fold(line: string): string {
  const enc = new TextEncoder();
  if (enc.encode(line).length <= 75) return line;
  const out: string[] = [];
  let cur = "";
  let bytes = 0;
  for (const ch of line) {
    const n = enc.encode(ch).length;
    if (bytes + n > (out.length === 0 ? 75 : 74)) {
      out.push(cur);
      cur = "";
      bytes = 0;
    }
    cur += ch;
    bytes += n;
  }
  out.push(cur);
  return out.join("\r\n ");
}

const basic = (iso: string) => iso.replace(/[-:]/g, "").replace(/\.\d{3}/, "");
/** `20261125T113000Z` */
function utcStamp(ms: number): string {
  return basic(new Date(ms).toISOString());
}
/** `20261125T193000` in the zone (used with TZID). */
function localStamp(ms: number, tz: string): string {
  return basic(new Date(wallMs(ms, tz)).toISOString()).replace("Z", "");
}

function offsetText(min: number): string {
  const sign = min < 0 ? "-" : "+";
  const a = Math.abs(min);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, "0")}${String(a % 60).padStart(2, "0")}`;
}

/** The offset changes of `tz` in [fromMs, toMs), found by scanning days and bisecting to the minute. */
function transitions(tz: string, fromMs: number, toMs: number): { at: number; from: number; to: number }[] {
  const out: { at: number; from: number; to: number }[] = [];
  const step = 86_400_000;
  let prev = offsetMinutes(fromMs, tz);
  for (let t = fromMs + step; t < toMs + step; t += step) {
    const off = offsetMinutes(t, tz);
    if (off !== prev) {
      let lo = t - step;
      let hi = t;
      while (hi - lo > 60_000) {
        const mid = Math.floor((lo + hi) / 2 / 60_000) * 60_000;
        if (offsetMinutes(mid, tz) === prev) lo = mid;
        else hi = mid;
      }
      out.push({ at: hi, from: prev, to: off });
      prev = off;
    }
  }
  return out;
}

/** A VTIMEZONE covering [fromMs, toMs): every offset change in it, or one fixed offset. */
export function vtimezone(tz: string, fromMs: number, toMs: number): string[] {
  const lines = ["BEGIN:VTIMEZONE", `TZID:${tz}`];
  const changes = transitions(tz, fromMs, toMs);
  const first = offsetMinutes(fromMs, tz);
  const component = (kind: string, startWall: string, from: number, to: number) => [
    `BEGIN:${kind}`,
    `DTSTART:${startWall}`,
    `TZOFFSETFROM:${offsetText(from)}`,
    `TZOFFSETTO:${offsetText(to)}`,
    `END:${kind}`,
  ];
  lines.push(...component("STANDARD", "19700101T000000", first, first));
  for (const c of changes) {
    // DTSTART of an observance is the local time just before the change (in the old offset).
    const wall = basic(new Date(c.at + c.from * 60_000).toISOString()).replace("Z", "");
    lines.push(...component(c.to > c.from ? "DAYLIGHT" : "STANDARD", wall, c.from, c.to));
  }
  lines.push("END:VTIMEZONE");
  return lines;
}

/** The VCALENDAR text of `sessions`, stamped `nowMs`. */
export function icalFeed(sessions: FeedSession[], nowMs: number, calendarName = "医保政策直播答疑"): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Yibao Policy Hub//sessions//ZH",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(calendarName)}`,
  ];
  const spans = new Map<string, { from: number; to: number }>();
  for (const s of sessions) {
    // The zone's rules must cover every occurrence the calendar app will expand: the whole series
    // (moved occurrences included), or the horizon the service itself shows for an open rule.
    const span = spans.get(s.timeZone) ?? { from: s.startsAt, to: s.startsAt };
    span.from = Math.min(span.from, s.startsAt);
    const end = seriesEnd(s) ?? expansionLimit(s, nowMs);
    span.to = Math.max(span.to, end + 86_400_000);
    spans.set(s.timeZone, span);
  }
  for (const [tz, span] of spans) {
    lines.push(...vtimezone(tz, span.from - 86_400_000, span.to));
  }
  const dur = (m: number) =>
    `PT${Math.floor(m / 60) ? `${Math.floor(m / 60)}H` : ""}${m % 60 ? `${m % 60}M` : ""}`;
  for (const s of sessions) {
    const uid = `${s.id}@sessions.yibao`;
    const common = (startMs: number) => [
      `UID:${uid}`,
      `DTSTAMP:${utcStamp(nowMs)}`,
      `LAST-MODIFIED:${utcStamp(s.updatedAt)}`,
      `SEQUENCE:${s.sequence}`,
      `DTSTART;TZID=${s.timeZone}:${localStamp(startMs, s.timeZone)}`,
      `DURATION:${dur(s.durationMinutes)}`,
      `SUMMARY:${escapeText(s.title)}`,
      `DESCRIPTION:${escapeText(`${s.description}\n主播 / Host: ${s.hostName}`)}`,
      ...(s.url ? [`URL:${s.url}`] : []),
      `LOCATION:${escapeText(location(s))}`,
    ];
    lines.push("BEGIN:VEVENT", ...common(s.startsAt));
    lines.push(`STATUS:${s.status === "cancelled" ? "CANCELLED" : "CONFIRMED"}`);
    if (s.rrule) {
      lines.push(`RRULE:${s.rrule}`);
      const exdates = Object.entries(s.exceptions).filter(([, e]) => e.cancelled).map(([k]) =>
        localStamp(Date.parse(k), s.timeZone)
      );
      if (exdates.length) lines.push(`EXDATE;TZID=${s.timeZone}:${exdates.join(",")}`);
    }
    lines.push("END:VEVENT");
    if (!s.rrule) continue;
    for (const [key, ex] of Object.entries(s.exceptions)) {
      if (!ex.startsAt || ex.cancelled) continue;
      lines.push("BEGIN:VEVENT", ...common(Date.parse(ex.startsAt)));
      lines.push(`RECURRENCE-ID;TZID=${s.timeZone}:${localStamp(Date.parse(key), s.timeZone)}`);
      lines.push(`STATUS:${s.status === "cancelled" ? "CANCELLED" : "CONFIRMED"}`, "END:VEVENT");
    }
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}
