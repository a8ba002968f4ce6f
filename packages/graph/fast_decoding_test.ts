/**
 * The faster decoding gives the same values as the driver's own: random values (maps with any keys,
 * `__proto__` among them, strings of every length and script, lists, numbers) are packed with the
 * driver's own packer and unpacked twice, once with each.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import * as boltConnection from "neo4j-driver-bolt-connection";
import { decodeFaster, driverDecoding } from "./fast_decoding.ts";

// The package's types leave out its packstream and channel modules, which these paths use.
// deno-lint-ignore no-explicit-any
const bolt = boltConnection as any;

const v2 = bolt.packstream.v2;
const alloc = bolt.channel.alloc as (size: number) => { position: number; reset(): void };
const identity = <T>(x: T) => x;

function pack(value: unknown) {
  const buffer = alloc(1 << 20);
  new v2.Packer(buffer).packable(value, identity)();
  const length = buffer.position;
  buffer.reset();
  return { buffer, length };
}

/** Unpacks `value`'s bytes with the driver's map and string decoding, or with the faster one. */
function roundTrip(value: unknown, fast: boolean): unknown {
  decodeFaster();
  const proto = v2.Unpacker.prototype;
  const installed = { map: proto._unpackMapWithSize, string: proto._unpackString };
  assert.notEqual(installed.map, driverDecoding.unpackMap, "the faster decoding is installed");
  assert.notEqual(installed.string, driverDecoding.unpackString, "the faster decoding is installed");
  if (!fast) {
    proto._unpackMapWithSize = driverDecoding.unpackMap;
    proto._unpackString = driverDecoding.unpackString;
  }
  try {
    const { buffer, length } = pack(value);
    const out = new v2.Unpacker(true).unpack(buffer, identity);
    assert.equal(buffer.position, length, "every byte read");
    return out;
  } finally {
    proto._unpackMapWithSize = installed.map;
    proto._unpackString = installed.string;
  }
}

// characters of every UTF-8 length (1 to 4 bytes, the lowest and highest of each), mostly ASCII
const someChar = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 1 }) },
  fc.constantFrom(
    "\u0000",
    "\u007f",
    "\u0080",
    "\u00bf",
    "é",
    "\u07ff",
    "\u0800",
    "医",
    "\uffff",
    "😀",
    "\u{10ffff}",
  ),
);
const text = fc.oneof(
  fc.string({ unit: someChar, maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.constantFrom("", "__proto__", "constructor", "医保", "a".repeat(47), "a".repeat(48), "a".repeat(49)),
);
const key = fc.oneof(text, fc.constantFrom("__proto__", "id", "toString", "hasOwnProperty"));
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(text, fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null)),
  node: fc.oneof(
    { depthSize: "small" },
    tie("leaf"),
    fc.array(tie("node"), { maxLength: 5 }),
    fc.dictionary(key, tie("node"), { maxKeys: 6 }),
  ),
})).node;

/** Equal values, and every map has the plain prototype with its keys as own properties. */
function sameShape(a: unknown, b: unknown): void {
  assert.deepStrictEqual(a, b);
  if (a && typeof a === "object" && !Array.isArray(a)) {
    assert.equal(Object.getPrototypeOf(a), Object.prototype);
    assert.deepEqual(Object.keys(a), Object.keys(b as object));
    for (const k of Object.keys(a)) {
      sameShape((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
    }
  } else if (Array.isArray(a)) {
    a.forEach((x, i) => sameShape(x, (b as unknown[])[i]));
  }
}

Deno.test("fast decoding - the same values as the driver's own, for any map, string and list", () => {
  fc.assert(
    fc.property(value, (v) => sameShape(roundTrip(v, true), roundTrip(v, false))),
    { numRuns: 2_000 },
  );
});

Deno.test("fast decoding - a key named __proto__ is an own property, never the prototype", () => {
  const map = JSON.parse('{"__proto__": {"polluted": true}, "id": "p1"}');
  const out = roundTrip(map, true) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(out, "__proto__")?.value, { polluted: true });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(Object.keys(out), ["__proto__", "id"]);
});

Deno.test("fast decoding - strings on either side of the short-string limit, ASCII or not", () => {
  for (
    const s of [
      "",
      "a",
      "a".repeat(48),
      "a".repeat(49),
      "110105",
      "医保政策通",
      "abc\u0080",
      "x".repeat(47) + "é",
    ]
  ) {
    assert.equal(roundTrip(s, true), s);
    assert.equal(
      roundTrip({ [s]: s }, true) && (roundTrip({ [s]: s }, true) as Record<string, string>)[s],
      s,
    );
  }
});
