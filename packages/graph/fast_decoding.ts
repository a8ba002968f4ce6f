import * as boltConnection from "neo4j-driver-bolt-connection";

// The package's types leave out its packstream and channel modules, which these paths use.
// deno-lint-ignore no-explicit-any
const bolt = boltConnection as any;

/**
 * Two faster paths in neo4j-driver's PackStream decoding, which every answer from Neo4j goes through
 * (the driver has no option for either, so {@linkcode decodeFaster} replaces two methods of its
 * `Unpacker` once, on the prototype that its Bolt 4 and 5 unpackers share):
 *
 * - **Maps.** The driver adds each key with `Object.defineProperty`, so that a key named `__proto__`
 *   becomes a property instead of changing the object's prototype. Here the other keys are assigned,
 *   and only `__proto__` still goes through `defineProperty`: the same objects, built faster.
 * - **Short ASCII strings** (map keys, ids, codes, dates as text) are built in JavaScript from their
 *   bytes, instead of one call into Deno's `Buffer` decoding each. Longer strings, strings with any
 *   byte of 0x80 or more (Chinese text) and strings that do not lie whole in one buffer go the
 *   driver's way.
 *
 * Measured on the national bench graph (the county list, 20 items: about 80 maps and 520 short
 * strings an answer), the same process alternating old and new decoding in rounds of 1,000 queries:
 * the client's CPU per query fell from 1.70–1.92 ms to 1.37–1.70 ms. `fast_decoding_test.ts` checks
 * that both give the same values, and `tests/graph/fast_decoding_test.ts` that the driver's queries use
 * them. The import of `neo4j-driver-bolt-connection` in deno.json names the version `neo4j-driver`
 * depends on exactly, so both load the one copy this patches.
 */
export function decodeFaster(): void {
  if (installed) return;
  const proto = Unpacker.prototype;
  if (typeof proto._unpackMapWithSize !== "function" || typeof proto._unpackString !== "function") {
    throw new Error("neo4j-driver's Unpacker has no _unpackMapWithSize or _unpackString to replace");
  }
  installed = true;
  proto._unpackMapWithSize = unpackMap;
  proto._unpackString = unpackString;
}
let installed = false;

/** The driver's own unpacker class, with the members these paths use. */
interface UnpackerProto {
  unpack(buffer: ChannelBuffer, hydrate: unknown): unknown;
  _unpackMapWithSize(size: number, buffer: ChannelBuffer, hydrate: unknown): unknown;
  _unpackString(marker: number, high: number, low: number, buffer: ChannelBuffer): string | null;
}

/** The driver's read buffer: a Node `Buffer` (`_buffer`, absent on a buffer made of several) and a position. */
interface ChannelBuffer {
  _buffer?: Uint8Array;
  position: number;
  readonly length: number;
  readUInt8(): number;
  readUInt16(): number;
  readUInt32(): number;
}

const Unpacker = bolt.packstream.v1.Unpacker as { prototype: UnpackerProto };
const utf8 = bolt.channel.utf8 as { decode(buffer: ChannelBuffer, length: number): string };
/** The driver's own methods, kept for what the fast paths leave to them (and for the tests). */
export const driverDecoding = {
  unpackMap: Unpacker.prototype._unpackMapWithSize,
  unpackString: Unpacker.prototype._unpackString,
};

function unpackMap(this: UnpackerProto, size: number, buffer: ChannelBuffer, hydrate: unknown) {
  const value: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) {
    const key = this.unpack(buffer, hydrate) as string;
    const unpacked = this.unpack(buffer, hydrate);
    if (key === "__proto__") {
      Object.defineProperty(value, key, {
        value: unpacked,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    } else {
      value[key] = unpacked;
    }
  }
  return value;
}

// PackStream's string markers: 0x80–0x8F (up to 15 bytes), then 8-, 16- and 32-bit lengths.
const tinyString = 0x80;
const string8 = 0xd0;
const string16 = 0xd1;
const string32 = 0xd2;
/** Up to this many bytes a string is tried as ASCII in JavaScript. */
const shortString = 48;

function unpackString(
  this: UnpackerProto,
  marker: number,
  high: number,
  low: number,
  buffer: ChannelBuffer,
): string | null {
  let length: number;
  if (high === tinyString) length = low;
  else if (marker === string8) length = buffer.readUInt8();
  else if (marker === string16) length = buffer.readUInt16();
  else if (marker === string32) length = buffer.readUInt32();
  else return null;
  const bytes = buffer._buffer;
  const start = buffer.position;
  const end = start + length;
  if (bytes !== undefined && length <= shortString && end <= buffer.length) {
    let text = "";
    let i = start;
    for (; i < end; i++) {
      const byte = bytes[i]!;
      if (byte >= 0x80) break;
      text += String.fromCharCode(byte);
    }
    if (i === end) {
      buffer.position = end;
      return text;
    }
  }
  // the driver's own decoding (as its _unpackString does once it has read the length)
  return utf8.decode(buffer, length);
}
