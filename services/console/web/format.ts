/**
 * The one set of formatting helpers every page uses: money stored in fen shown in yuan, rates
 * stored in basis points shown in percent, instants shown in Asia/Shanghai, and the unit of a
 * rule parameter read from its field path (`…Fen` is money, `…Bp` a rate).
 */
import type { Lang } from "./i18n.ts";

/** 150000 → "1,500 元" (cents only when there are some). */
export function yuan(fen: number, lang: Lang = "zh"): string {
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString("en-US");
  const cents = abs % 100;
  const text = cents ? `${whole}.${String(cents).padStart(2, "0")}` : whole;
  return `${negative ? "−" : ""}${lang === "en" ? `¥${text}` : `${text} 元`}`;
}

/** 7500 → "75%"; 825 → "8.25%". */
export function percent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = Math.abs(bp % 100);
  return `${bp < 0 && whole === 0 ? "−" : ""}${whole}${
    rest ? `.${String(rest).padStart(2, "0").replace(/0$/, "")}` : ""
  }%`;
}

/** "1,500" (yuan, as typed in a form) → 150000 fen; null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const t = text.trim().replace(/[,，\s]/g, "").replace(/元$/, "").replace(/^¥/, "");
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ""] = t.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

/** "75" or "8.25%" → basis points; null when it is not a percentage between 0 and 100. */
export function parsePercent(text: string): number | null {
  const t = text.trim().replace(/[%％\s]/g, "");
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ""] = t.split(".");
  const bp = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  return bp <= 10_000 ? bp : null;
}

/** How a rule parameter is shown: money, a rate, or as it is. */
export type ParameterUnit = "fen" | "bp" | "plain";

/** The unit of a field path such as `rules.r1.bands.0.rateBp` or `rules.r1.deductible.amountsFen.1`. */
export function unitOf(field: string): ParameterUnit {
  const named = field.split(".").filter((p) => !/^\d+$/.test(p)).at(-1) ?? "";
  if (/Fen$/.test(named)) return "fen";
  if (/Bp$/.test(named)) return "bp";
  return "plain";
}

/** A rule parameter's value for people: yuan, percent, or the value itself (null as "—"). */
export function parameterText(field: string, value: unknown, lang: Lang = "zh"): string {
  if (value === null || value === undefined) return lang === "en" ? "— (none)" : "—（无）";
  if (typeof value === "number") {
    const unit = unitOf(field);
    if (unit === "fen") return yuan(value, lang);
    if (unit === "bp") return percent(value);
    return String(value);
  }
  if (typeof value === "boolean") {
    return value ? (lang === "en" ? "yes" : "是") : (lang === "en" ? "no" : "否");
  }
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

const shanghai = "Asia/Shanghai";

/** An instant as "2026-11-30 19:05" in Asia/Shanghai (the zone named once on each page). */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: shanghai,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

/** A calendar date "2026-01-01" as "2026年1月1日" (zh) or "1 Jan 2026" (en). */
export function calendarDate(date: string | null | undefined, lang: Lang = "zh"): string {
  if (!date) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  if (lang === "en") {
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
  }
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** How long ago an instant was: "3 分钟前" / "3 min ago". */
export function age(iso: string | null | undefined, lang: Lang = "zh", now = Date.now()): string {
  if (!iso) return "—";
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  const [n, zh, en] = s < 60
    ? [s, "秒", "s"]
    : s < 3600
    ? [Math.floor(s / 60), "分钟", "min"]
    : s < 86_400
    ? [Math.floor(s / 3600), "小时", "h"]
    : [Math.floor(s / 86_400), "天", "d"];
  return lang === "en" ? `${n} ${en} ago` : `${n} ${zh}前`;
}
