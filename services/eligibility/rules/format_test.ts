import assert from "node:assert/strict";
import fc from "fast-check";
import { formatRate, formatYuan, formatYuanEn } from "./format.ts";

Deno.test("formatYuan() - groups thousands and keeps two decimals, signs included", () => {
  assert.equal(formatYuan(0), "0.00元");
  assert.equal(formatYuan(5), "0.05元");
  assert.equal(formatYuan(120000), "1,200.00元");
  assert.equal(formatYuan(99999), "999.99元");
  assert.equal(formatYuan(123456789), "1,234,567.89元");
  assert.equal(formatYuan(100000000), "1,000,000.00元");
  assert.equal(formatYuan(-120050), "-1,200.50元");
  assert.equal(formatYuanEn(120000), "1,200.00 yuan");
});

Deno.test("formatRate() - basis points as a percentage without trailing zeros", () => {
  assert.equal(formatRate(9610), "96.1%");
  assert.equal(formatRate(1000), "10%");
  assert.equal(formatRate(9605), "96.05%");
  assert.equal(formatRate(5), "0.05%");
  assert.equal(formatRate(50), "0.5%");
  assert.equal(formatRate(10000), "100%");
  assert.equal(formatRate(0), "0%");
});

Deno.test("formatYuan() - the same figures as grouping the decimal string, for any whole fen", () => {
  const reference = (fen: number) => {
    const yuan = Math.trunc(fen / 100);
    const cents = String(Math.abs(fen % 100)).padStart(2, "0");
    const grouped = String(Math.abs(yuan)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return `${fen < 0 ? "-" : ""}${grouped}.${cents}`;
  };
  fc.assert(
    fc.property(fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }), (fen) => {
      assert.equal(formatYuan(fen), `${reference(fen)}元`);
      assert.equal(formatYuanEn(fen), `${reference(fen)} yuan`);
    }),
    { seed: 13, numRuns: 2_000 },
  );
  for (const fen of [1, 10, 100, 1_000, 100_000, 100_100, 1_000_000_000_000, -1, -100_000]) {
    assert.equal(formatYuan(fen), `${reference(fen)}元`);
  }
});
