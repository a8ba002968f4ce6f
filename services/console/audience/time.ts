/** A session's time for the audience: date, weekday and hours in the session's own zone, the zone named in words. */
import type { Lang } from "../web/i18n.ts";

function parts(iso: string, timeZone: string, lang: Lang) {
  const f = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "zh-CN", {
    timeZone,
    year: "numeric",
    month: lang === "en" ? "short" : "numeric",
    day: "numeric",
    weekday: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const get = (t: string) => f.find((p) => p.type === t)?.value ?? "";
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    weekday: get("weekday"),
    time: `${get("hour")}:${get("minute")}`,
  };
}

/** The zone in words: 北京时间 for China's zones, else the zone's long name in the language. */
export function zoneName(timeZone: string, lang: Lang, at = new Date()): string {
  if (timeZone === "Asia/Shanghai" || timeZone === "Asia/Urumqi" || timeZone === "PRC") {
    return lang === "en" ? "Beijing time" : "北京时间";
  }
  const p = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "zh-CN", { timeZone, timeZoneName: "long" })
    .formatToParts(at);
  return p.find((x) => x.type === "timeZoneName")?.value ?? timeZone;
}

/** "2026年12月2日 星期三 19:30–20:30（北京时间）" or "Wednesday 2 Dec 2026, 19:30–20:30 (Beijing time)". */
export function sessionTime(startsAt: string, endsAt: string, timeZone: string, lang: Lang): string {
  const a = parts(startsAt, timeZone, lang);
  const b = parts(endsAt, timeZone, lang);
  const zone = zoneName(timeZone, lang, new Date(startsAt));
  return lang === "en"
    ? `${a.weekday} ${a.day} ${a.month} ${a.year}, ${a.time}–${b.time} (${zone})`
    : `${a.year}年${a.month}月${a.day}日 ${a.weekday} ${a.time}–${b.time}（${zone}）`;
}
