import type { Context } from "hono";
import { createHash } from "node:crypto";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import { ProblemError } from "./problem.ts";

/**
 * A JSON body serialised once, with its weak ETag: what a cache should keep. `bytes` is the UTF-8
 * encoding, sent as it is: a body given as a string with Chinese in it is encoded again for every
 * response (in the profile of a cached policy by id, 15% of the thread went to that alone).
 */
export interface Etagged {
  text: string;
  bytes: Uint8Array<ArrayBuffer>;
  etag: string;
}

const utf8 = new TextEncoder();

/**
 * Serialises `body` and computes its weak ETag (SHA-1 of the bytes). The hash is node:crypto's,
 * computed at once: Web Crypto's `digest` goes through a promise and another thread, 35–43 µs for
 * an 11 KB list here against 11 µs (one process, in turn).
 */
export function etagged(body: unknown): Etagged {
  const text = JSON.stringify(body);
  const bytes = utf8.encode(text);
  return { text, bytes, etag: `W/"${createHash("sha1").update(bytes).digest("hex")}"` };
}

/** The opaque part of an entity tag, weak or strong (`W/"abc"` and `"abc"` both give `"abc"`). */
function opaqueTag(tag: string): string {
  const t = tag.trim();
  return t.startsWith("W/") ? t.slice(2) : t;
}

/**
 * Whether an `If-None-Match` header names `etag`, by the weak comparison RFC 9110 §13.1.2 requires
 * (§8.8.3.2): two tags match when their opaque parts are equal, whether either is weak or strong;
 * `*` matches any current representation.
 */
export function ifNoneMatchHits(header: string | undefined | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const wanted = opaqueTag(etag);
  return header.split(",").some((t) => opaqueTag(t) === wanted);
}

/** A content coding the kit sends a serialised body in besides identity. */
export type ContentCoding = "br" | "gzip";

/** Bodies shorter than this are sent as they are: the coding's framing would eat the saving. */
export const minCompressBytes = 1_024;

/**
 * The compressed forms of each serialised body, made the first time a client accepts them and kept
 * with the body: a cached entry is compressed once, not per response (null: not smaller). brotli at
 * quality 5 costs about as much as gzip's default (~40–70 µs for 5 KB here) and comes out ~8%
 * smaller; quality 11 took 5.6 ms.
 */
const compressed = new WeakMap<
  Etagged,
  { br?: Uint8Array<ArrayBuffer> | null; gzip?: Uint8Array<ArrayBuffer> | null }
>();

function compress(bytes: Uint8Array, coding: ContentCoding): Uint8Array<ArrayBuffer> {
  const out = coding === "gzip" ? gzipSync(bytes) : brotliCompressSync(bytes, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  return new Uint8Array(out.buffer as ArrayBuffer, out.byteOffset, out.byteLength);
}

/** `e`'s body in `coding`, compressed once and kept; null when that is not smaller. */
export function encodedBody(e: Etagged, coding: ContentCoding): Uint8Array<ArrayBuffer> | null {
  let forms = compressed.get(e);
  if (forms === undefined) compressed.set(e, forms = {});
  let body = forms[coding];
  if (body === undefined) {
    const made = compress(e.bytes, coding);
    body = forms[coding] = made.length < e.bytes.length ? made : null;
  }
  return body;
}

/**
 * The coding to send a body in, from an `Accept-Encoding` header (RFC 9110 §12.5.3): the acceptable
 * coding with the highest q-value among br and gzip (br first on a tie), `*` standing for any not
 * named; undefined for identity (no header, nothing acceptable, or only identity).
 */
export function preferredCoding(header: string | undefined | null): ContentCoding | undefined {
  if (!header) return undefined;
  let br: number | undefined, gzip: number | undefined, star: number | undefined;
  for (const item of header.split(",")) {
    const [name, ...params] = item.split(";");
    const coding = name!.trim().toLowerCase();
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p);
      if (m) q = Number(m[1]);
    }
    if (coding === "br") br = q;
    else if (coding === "gzip" || coding === "x-gzip") gzip = q;
    else if (coding === "*") star = q;
  }
  br ??= star;
  gzip ??= star;
  if (br !== undefined && br > 0 && (gzip === undefined || br >= gzip)) return "br";
  if (gzip !== undefined && gzip > 0) return "gzip";
  return undefined;
}

/** The ETag of `e` sent in `coding`: each representation has its own (`W/"…-gzip"`), identity the plain one. */
export function etagFor(e: Etagged, coding: ContentCoding | undefined): string {
  return coding ? `${e.etag.slice(0, -1)}-${coding}"` : e.etag;
}

const jsonUtf8 = "application/json; charset=utf-8";

/**
 * Answers a serialised body with its ETag, or 304 with no body when `If-None-Match` names the tag
 * (weak comparison). A body of at least {@linkcode minCompressBytes} goes compressed when the request
 * accepts br or gzip (compressed once per body, see {@linkcode encodedBody}), with that
 * representation's own ETag; every answer says `Vary: Accept-Encoding`.
 */
export function sendEtagged(c: Context, e: Etagged, status: 200 | 201 = 200): Response {
  let coding = e.bytes.length >= minCompressBytes
    ? preferredCoding(c.req.header("accept-encoding"))
    : undefined;
  let body: Uint8Array<ArrayBuffer> = e.bytes;
  if (coding) {
    const encoded = encodedBody(e, coding);
    if (encoded) body = encoded;
    else coding = undefined;
  }
  const etag = etagFor(e, coding);
  if (ifNoneMatchHits(c.req.header("if-none-match"), etag)) {
    return c.body(null, 304, { ETag: etag, Vary: "Accept-Encoding" });
  }
  return c.body(
    body,
    status,
    coding
      ? { "content-type": jsonUtf8, ETag: etag, Vary: "Accept-Encoding", "Content-Encoding": coding }
      : { "content-type": jsonUtf8, ETag: etag, Vary: "Accept-Encoding" },
  );
}

/**
 * Answers `body` as JSON with a weak ETag over its bytes; answers 304 with no body when the
 * request's `If-None-Match` names that tag. Partners sync cheaply by sending the tag back.
 */
export function jsonWithEtag(c: Context, body: unknown, status: 200 | 201 = 200): Response {
  return sendEtagged(c, etagged(body), status);
}

/**
 * The number in a versioned ETag (`"<prefix><n>"`, e.g. `"r3"` for a revision, `"s3"` for a
 * sequence) named by an If-Match header; undefined when the header is absent; a 412 naming
 * `header.if-match` when it is not such an ETag of `thing`.
 */
export function versionFromIfMatch(
  header: string | undefined,
  options: { prefix: string; thing: { zh: string; en: string } },
): number | undefined {
  if (header === undefined) return undefined;
  const m = new RegExp(`^(?:W/)?"${options.prefix}(\\d+)"$`).exec(header.trim());
  if (!m) {
    throw new ProblemError("preconditionFailed", {
      zh: `If-Match 应为读取${options.thing.zh}时返回的 ETag`,
      en: `If-Match must be the ETag returned when the ${options.thing.en} was read`,
    }, { errors: [{ path: "header.if-match", message: `not an ETag of this ${options.thing.en}` }] });
  }
  return Number(m[1]);
}
