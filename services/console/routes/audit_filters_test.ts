import assert from "node:assert/strict";
import { auditCsvName, csvCell, nextDay, readAuditFilters, toCsv } from "./audit_filters.ts";
import { actionText } from "../pages/audit_words.ts";

Deno.test("csvCell() - quotes commas, quotes and line breaks, and defuses formulas", () => {
  assert.equal(csvCell("plain 文本"), "plain 文本");
  assert.equal(csvCell("a,b"), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell("two\nlines"), '"two\nlines"');
  assert.equal(csvCell('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
  assert.equal(csvCell("+1"), "'+1");
  assert.equal(csvCell("@me"), "'@me");
});

Deno.test("toCsv() - a BOM, CRLF line ends", () => {
  assert.equal(toCsv([["时间 Time", "b"], ["1", "x,y"]]), '\uFEFF时间 Time,b\r\n1,"x,y"\r\n');
});

Deno.test("readAuditFilters() - Shanghai days become +08:00 instants; the end day is included", () => {
  const q = { from: "2026-01-31", to: "2026-02-28", person: "user:acct-1", policyId: " p-1 " };
  const r = readAuditFilters((n) => q[n as keyof typeof q], "zh");
  assert.deepEqual(r.errors, {});
  assert.deepEqual(r.query, {
    actorId: "user:acct-1",
    policyId: "p-1",
    entityId: "p-1",
    from: "2026-01-31T00:00:00+08:00",
    to: "2026-03-01T00:00:00+08:00",
  });
  assert.equal(nextDay("2028-02-28"), "2028-02-29");
  assert.equal(nextDay("2026-12-31"), "2027-01-01");
});

Deno.test("readAuditFilters() - typed actor wins; bad dates and reversed ranges are field errors", () => {
  const q = { person: "user:acct-1", actor: "key:0123456789abcdef", from: "2026-02-30", to: "2026-01-01" };
  const r = readAuditFilters((n) => q[n as keyof typeof q], "en");
  assert.equal(r.query.actorId, "key:0123456789abcdef");
  assert.match(r.errors.from ?? "", /YYYY-MM-DD/);
  assert.equal(r.query.from, undefined);
  const reversed = readAuditFilters((n) => ({ from: "2026-02-01", to: "2026-01-01" })[n as "from"], "en");
  assert.match(reversed.errors.to ?? "", /before the start/);
});

Deno.test("auditCsvName() - the day in Asia/Shanghai", () => {
  assert.equal(auditCsvName(new Date("2026-11-30T17:00:00Z")), "audit-20261201.csv");
});

Deno.test("readAuditFilters() - the kind of thing is passed on when known, a field error otherwise", () => {
  const read = (entityType: string) =>
    readAuditFilters((n) => (n === "entityType" ? entityType : undefined), "zh");
  assert.equal(read("session").query.entityType, "session");
  assert.deepEqual(Object.keys(read("session").errors), []);
  assert.equal(read("nothing").query.entityType, undefined);
  assert.ok(read("nothing").errors.entityType);
  assert.equal(actionText("subscriber.erase", "zh"), "抹除订阅者的个人信息");
  assert.equal(actionText("session.cancel", "en"), "Cancelled a session");
  assert.equal(actionText("session.somethingNew", "zh"), "其他操作（直播场次）");
});
