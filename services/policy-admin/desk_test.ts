import assert from "node:assert/strict";
import { countsByState, decodeCursor, encodeCursor, parseStates } from "./desk.ts";

Deno.test("encodeCursor() / decodeCursor() - a cursor names the same position back; others are refused", () => {
  const at = { updatedAt: "2026-11-30T11:54:27.123456789Z", id: `amd-${crypto.randomUUID()}` };
  assert.deepEqual(decodeCursor(encodeCursor(at)), at);
  for (
    const bad of ["", "not a cursor", "eyJ1Ijo", btoa("[]"), btoa(JSON.stringify({ u: "yesterday", i: "x" }))]
  ) {
    assert.equal(decodeCursor(bad), null, bad);
  }
});

Deno.test("parseStates() - repeated and comma-listed states, unknown ones named", () => {
  assert.deepEqual(parseStates(undefined), { states: null, unknown: [] });
  assert.deepEqual(parseStates("returned,draft"), { states: ["draft", "returned"], unknown: [] });
  assert.deepEqual(parseStates(["scheduled", "draft,draft"]), {
    states: ["draft", "scheduled"],
    unknown: [],
  });
  assert.deepEqual(parseStates("draft,lost"), { states: ["draft"], unknown: ["lost"] });
});

Deno.test("countsByState() - every state present, zero when none", () => {
  const c = countsByState([{ state: "returned", count: 2 }, { state: "scheduled", count: 1 }]);
  assert.equal(c.returned, 2);
  assert.equal(c.scheduled, 1);
  assert.equal(c.draft, 0);
  assert.equal(Object.keys(c).length, 7);
});
