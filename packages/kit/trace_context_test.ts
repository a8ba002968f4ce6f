import assert from "node:assert/strict";
import { traceIdFromTraceparent } from "./trace_context.ts";

const id = "4bf92f3577b34da6a3ce929d0e0e4736";

Deno.test("traceIdFromTraceparent() - a version 00 header gives its trace id", () => {
  assert.equal(traceIdFromTraceparent(`00-${id}-00f067aa0ba902b7-01`), id);
  assert.equal(traceIdFromTraceparent(` 00-${id}-00f067aa0ba902b7-00 `), id);
});

Deno.test("traceIdFromTraceparent() - a later version may carry more fields", () => {
  assert.equal(traceIdFromTraceparent(`01-${id}-00f067aa0ba902b7-01-extra`), id);
});

Deno.test("traceIdFromTraceparent() - malformed or invalid headers give nothing", () => {
  for (
    const bad of [
      null,
      undefined,
      "",
      "garbage",
      `00-${id}-00f067aa0ba902b7-01-extra`, // version 00 has exactly four fields
      `ff-${id}-00f067aa0ba902b7-01`, // version ff is forbidden
      `00-${"0".repeat(32)}-00f067aa0ba902b7-01`, // all-zero trace id
      `00-${id}-${"0".repeat(16)}-01`, // all-zero parent id
      `00-${id.toUpperCase()}-00f067aa0ba902b7-01`, // upper-case hex
      `00-${id.slice(1)}-00f067aa0ba902b7-01`, // short trace id
      `00-${id}-00f067aa0ba902b7-1`, // short flags
    ]
  ) {
    assert.equal(traceIdFromTraceparent(bad), undefined, String(bad));
  }
});
