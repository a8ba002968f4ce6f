/**
 * Against the real Neo4j: every answer a Graph reads is decoded by the faster map and string paths
 * (packages/graph/fast_decoding.ts), and the values are what Neo4j sent: Chinese and ASCII text on
 * either side of the short-string limit, nested maps and lists, and a key named `__proto__` that stays
 * a property.
 */
import assert from "node:assert/strict";
import * as boltConnection from "neo4j-driver-bolt-connection";
import { driverDecoding } from "../../packages/graph/fast_decoding.ts";
import { testGraph } from "../harness/mod.ts";

// deno-lint-ignore no-explicit-any
const unpacker = (boltConnection as any).packstream.v1.Unpacker.prototype;

Deno.test("Graph - answers are decoded by the faster paths, with the values Neo4j sent", async () => {
  const graph = testGraph();
  const calls = { map: 0, string: 0 };
  const installed = { map: unpacker._unpackMapWithSize, string: unpacker._unpackString };
  try {
    await graph.readQuery("RETURN 1"); // the Graph is made: its decoding is in place
    assert.notEqual(installed.map, driverDecoding.unpackMap, "the faster map decoding is in place");
    assert.notEqual(installed.string, driverDecoding.unpackString, "the faster string decoding is in place");
    unpacker._unpackMapWithSize = function (this: unknown, ...args: unknown[]) {
      calls.map++;
      return installed.map.apply(this, args);
    };
    unpacker._unpackString = function (this: unknown, ...args: unknown[]) {
      calls.string++;
      return installed.string.apply(this, args);
    };
    const long = "a".repeat(300);
    const rec = (await graph.readQuery(
      `RETURN {\`__proto__\`: {polluted: true}, id: 'p1', title: $title, codes: ['110105', '110000'],
               nested: {name: $name, long: $long, edge: $edge}} AS m, $name AS name`,
      { title: "北京市职工基本医疗保险住院待遇", name: "朝阳区", long, edge: "x".repeat(48) },
    )).records[0]!;
    const m = rec.get("m") as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(m), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(m, "__proto__")?.value, { polluted: true });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(m.id, "p1");
    assert.equal(m.title, "北京市职工基本医疗保险住院待遇");
    assert.deepEqual(m.codes, ["110105", "110000"]);
    assert.deepEqual(m.nested, { name: "朝阳区", long, edge: "x".repeat(48) });
    assert.equal(rec.get("name"), "朝阳区");
    assert.ok(calls.map >= 3, `maps decoded through the faster path (${calls.map})`);
    assert.ok(calls.string >= 10, `strings decoded through the faster path (${calls.string})`);
  } finally {
    unpacker._unpackMapWithSize = installed.map;
    unpacker._unpackString = installed.string;
    await graph.close();
  }
});
