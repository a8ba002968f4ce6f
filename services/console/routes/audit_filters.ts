/**
 * The audit page's filters and its CSV export, as plain functions:
 *
 * 1. A person is chosen from a list (`user:<account id>`) or typed as any actor id (`key:<id>` for
 *    an API key); typed text wins.
 * 2. Dates are calendar days in Asia/Shanghai: `from` is the start of its day, `to` includes its
 *    whole day, so the API gets `from=<day>T00:00:00+08:00` and `to=<day after>T00:00:00+08:00`
 *    (the API's `to` excludes its instant).
 * 3. The CSV is RFC 4180 (CRLF, every cell quoted when it holds a comma, quote, CR or LF, quotes
 *    doubled), starts with a UTF-8 BOM so Excel reads Chinese, and a cell that a spreadsheet would
 *    run as a formula (starting with = + - @, tab or CR) is prefixed with an apostrophe, as OWASP
 *    advises against CSV injection.
 */
import type { AuditEntry } from "../api/admin.ts";
import { dateTime } from "../web/format.ts";
import { type Lang, tr } from "../web/i18n.ts";
import { actionText, actorName, actorRoleText, changeRows, entityTypeLabels } from "../pages/audit_words.ts";

/** The filters as typed. */
export interface AuditFilterValues {
  person: string;
  actor: string;
  policyId: string;
  entityType: string;
  from: string;
  to: string;
}

/** The query for `GET /v1/audit` (without paging). */
export interface AuditQuery {
  actorId?: string;
  policyId?: string;
  entityId?: string;
  entityType?: string;
  from?: string;
  to?: string;
}

/** The day after a calendar date. */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Reads the filters; errors are per field, in the person's language. */
export function readAuditFilters(
  get: (name: string) => string | undefined,
  lang: Lang,
): {
  values: AuditFilterValues;
  errors: Partial<Record<keyof AuditFilterValues, string>>;
  query: AuditQuery;
} {
  const text = (name: string, max: number) => (get(name) ?? "").trim().slice(0, max);
  const values: AuditFilterValues = {
    person: text("person", 200),
    actor: text("actor", 200),
    policyId: text("policyId", 200),
    entityType: text("entityType", 40),
    from: text("from", 10),
    to: text("to", 10),
  };
  const errors: Partial<Record<keyof AuditFilterValues, string>> = {};
  const dateError = tr(
    lang,
    "请按 年-月-日 填写日期，例如 2026-01-31",
    "Enter a date as YYYY-MM-DD, e.g. 2026-01-31",
  );
  if (values.from && !isDate(values.from)) errors.from = dateError;
  if (values.to && !isDate(values.to)) errors.to = dateError;
  if (!errors.from && !errors.to && values.from && values.to && values.from > values.to) {
    errors.to = tr(lang, "结束日期不能早于开始日期", "The end date cannot be before the start date");
  }
  if (values.person && !values.person.startsWith("user:")) {
    errors.person = tr(lang, "请从列表中选择人员", "Choose a person from the list");
  }
  if (values.entityType && !(values.entityType in entityTypeLabels)) {
    errors.entityType = tr(lang, "请从列表中选择对象类别", "Choose a kind of thing from the list");
  }
  const actorId = values.actor || (errors.person ? "" : values.person);
  const query: AuditQuery = {
    ...(actorId ? { actorId } : {}),
    // entityId also matches entries whose policy is this id, so the filter works before the API reads policyId
    ...(values.policyId ? { policyId: values.policyId, entityId: values.policyId } : {}),
    ...(values.entityType && !errors.entityType ? { entityType: values.entityType } : {}),
    ...(values.from && !errors.from ? { from: `${values.from}T00:00:00+08:00` } : {}),
    ...(values.to && !errors.to ? { to: `${nextDay(values.to)}T00:00:00+08:00` } : {}),
  };
  return { values, errors, query };
}

/** One CSV cell: quoted when needed, formulas defused. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows as CSV text (CRLF line ends, with the BOM). */
export function toCsv(rows: string[][]): string {
  return "\uFEFF" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** The header row, in Chinese and English. */
export const auditCsvHeader = [
  "时间（北京时间）Time (Asia/Shanghai)",
  "时刻（UTC）Instant (UTC)",
  "操作人 Actor",
  "操作人编号 Actor id",
  "角色 Role",
  "操作 Action",
  "政策编号 Policy id",
  "对象编号 Entity id",
  "改动 Changes",
  "请求编号 Request id",
];

/** An entry as a CSV row; the changes are one line per field, "label: before → after". */
export function auditCsvRow(e: AuditEntry, lang: Lang): string[] {
  return [
    dateTime(e.at),
    e.at,
    actorName(e),
    e.actorId,
    actorRoleText(e, lang),
    actionText(e.action, lang),
    e.policyId ?? "",
    e.entityId,
    changeRows(e, lang).map((r) => `${r.label}: ${r.before} → ${r.after}`).join("\n"),
    e.requestId ?? "",
  ];
}

/** "audit-20261130.csv" for a day in Asia/Shanghai. */
export function auditCsvName(now = new Date()): string {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(now).replace(/-/g, "");
  return `audit-${day}.csv`;
}
