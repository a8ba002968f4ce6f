import assert from "node:assert/strict";
import neo4j from "neo4j-driver";
import { toPlain } from "./convert.ts";

Deno.test("toPlain - maps and lists are copied through, driver values converted inside them", () => {
  const node = new neo4j.types.Node(
    neo4j.int(7),
    ["Region"],
    { code: "110105", level: neo4j.int(3) },
    "4:x:7",
  );
  const value = {
    id: "p1",
    count: neo4j.int(42),
    on: new neo4j.types.Date(2026, 12, 2),
    at: neo4j.types.DateTime.fromStandardDate(new Date("2026-12-02T04:30:00.000Z")),
    region: node,
    rows: [{ n: neo4j.int(1), tags: ["a", null] }, [neo4j.int(2)]],
    none: null,
  };
  assert.deepEqual(toPlain(value), {
    id: "p1",
    count: 42,
    on: "2026-12-02",
    at: "2026-12-02T04:30:00.000Z",
    region: { code: "110105", level: 3 },
    rows: [{ n: 1, tags: ["a", null] }, [2]],
    none: null,
  });
  assert.equal(toPlain(undefined), null);
});

Deno.test("toPlain - keys named constructor, __proto__ or like a driver type's marker stay plain keys", () => {
  const map = JSON.parse('{"constructor": "c", "__proto__": {"x": 1}, "__isInteger__": true, "low": 5}');
  const out = toPlain(map) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.deepEqual(Object.keys(out), ["constructor", "__proto__", "__isInteger__", "low"]);
  assert.equal(out.constructor, "c");
  assert.deepEqual(Object.getOwnPropertyDescriptor(out, "__proto__")?.value, { x: 1 });
  assert.equal(out.low, 5);
});
