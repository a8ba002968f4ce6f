import assert from "node:assert/strict";
import {
  age,
  calendarDate,
  dateTime,
  parameterText,
  parsePercent,
  parseYuan,
  percent,
  unitOf,
  yuan,
} from "./format.ts";

Deno.test("yuan() - fen shown in yuan with thousands separators, cents only when present", () => {
  assert.equal(yuan(150000), "1,500 元");
  assert.equal(yuan(123456), "1,234.56 元");
  assert.equal(yuan(5), "0.05 元");
  assert.equal(yuan(-30000), "−300 元");
  assert.equal(yuan(150000, "en"), "¥1,500");
});

Deno.test("percent() - basis points shown in percent", () => {
  assert.equal(percent(7500), "75%");
  assert.equal(percent(825), "8.25%");
  assert.equal(percent(850), "8.5%");
  assert.equal(percent(0), "0%");
});

Deno.test("parseYuan() and parsePercent() - what people type, back to fen and basis points", () => {
  assert.equal(parseYuan("1,500"), 150000);
  assert.equal(parseYuan("1500.5"), 150050);
  assert.equal(parseYuan(" 1500 元"), 150000);
  assert.equal(parseYuan("abc"), null);
  assert.equal(parseYuan("1.234"), null);
  assert.equal(parsePercent("75"), 7500);
  assert.equal(parsePercent("8.25%"), 825);
  assert.equal(parsePercent("101"), null);
});

Deno.test("unitOf() - the unit of a rule parameter from its field path", () => {
  assert.equal(unitOf("rules.bj-inpatient.deductible.amountFen"), "fen");
  assert.equal(unitOf("rules.bj-inpatient.deductible.amountsFen.1"), "fen");
  assert.equal(unitOf("rules.r.bands.0.rateBp"), "bp");
  assert.equal(unitOf("rules.r.bands.0.rateByLevelBp.2"), "bp");
  assert.equal(unitOf("title"), "plain");
  assert.equal(parameterText("rules.r.annualCapFen", null), "—（无）");
  assert.equal(parameterText("rules.r.annualCapFen", 30000000), "300,000 元");
});

Deno.test("dateTime() and calendarDate() - Asia/Shanghai and Chinese dates", () => {
  assert.equal(dateTime("2026-11-30T16:30:00Z"), "2026-12-01 00:30");
  assert.equal(calendarDate("2026-01-05"), "2026年1月5日");
  assert.equal(calendarDate("2026-01-05", "en"), "5 Jan 2026");
  assert.equal(age("2026-11-30T12:00:00Z", "zh", Date.parse("2026-11-30T12:03:10Z")), "3 分钟前");
});
