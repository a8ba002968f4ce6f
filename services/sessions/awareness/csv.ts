/**
 * @module
 * CSV as spreadsheets read it: RFC 4180 quoting, CRLF line ends, a UTF-8 BOM so Excel reads Chinese,
 * and a cell a spreadsheet would run as a formula (starting with = + - @, tab or CR) prefixed with an
 * apostrophe (OWASP's CSV injection advice). The same rules as the console's audit export.
 */

/** One CSV cell: quoted when needed, formulas defused. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows as CSV text (CRLF line ends, with the BOM). */
export function toCsv(rows: string[][]): string {
  return "\uFEFF" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** The columns of a session's answer export: field, and the header in Chinese / English. */
export const answerColumns = [
  ["answeredAt", "作答时间 / Answered at (UTC)"],
  ["launchId", "发布批次 / Launch"],
  ["purpose", "用途 / Purpose"],
  ["itemId", "题目标识 / Item"],
  ["stem", "题干 / Question"],
  ["choiceIds", "所选选项 / Choices"],
  ["text", "文字回答 / Text"],
  ["rating", "评分 / Rating"],
  ["correct", "是否正确 / Correct"],
  ["regionCode", "地区代码 / Region"],
  ["audience", "人群 / Audience"],
  ["respondentId", "作答人（化名）/ Respondent (pseudonymous)"],
] as const;

/** A session's answers as CSV. */
export function answersCsv(rows: Record<string, unknown>[]): string {
  const cell = (v: unknown): string =>
    v === null || v === undefined
      ? ""
      : Array.isArray(v)
      ? v.join(" ")
      : typeof v === "boolean"
      ? (v ? "1" : "0")
      : String(v);
  return toCsv([answerColumns.map((c) => c[1]), ...rows.map((r) => answerColumns.map(([k]) => cell(r[k])))]);
}
