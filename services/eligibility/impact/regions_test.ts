import assert from "node:assert/strict";
import { panelRegions, REPRESENTATIVE_REGIONS } from "./regions.ts";

Deno.test("panelRegions() - the nation stands for every representative region", () => {
  assert.deepEqual(
    panelRegions([{ code: "000000", level: "national" }]).map((r) => [r.code, r.representative]),
    REPRESENTATIVE_REGIONS.map((code) => [code, true]),
  );
});

Deno.test("panelRegions() - a province for the representative regions within it, or itself", () => {
  assert.deepEqual(panelRegions([{ code: "370000", level: "province" }]), [
    { code: "370600", representative: true },
  ]);
  assert.deepEqual(panelRegions([{ code: "110000", level: "province" }]), [
    { code: "110000", representative: false },
  ]);
  assert.deepEqual(panelRegions([{ code: "440000", level: "province" }]), [
    { code: "440000", representative: false },
  ]);
});

Deno.test("panelRegions() - cities and counties stand for themselves, once, by code", () => {
  assert.deepEqual(
    panelRegions([
      { code: "511600", level: "city" },
      { code: "150424", level: "county" },
      { code: "511600", level: "city" },
    ]),
    [
      { code: "150424", representative: false },
      { code: "511600", representative: false },
    ],
  );
});
