import type { Context } from "hono";
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

/** Serialises `body` and computes its weak ETag (SHA-1 of the bytes). */
export async function etagged(body: unknown): Promise<Etagged> {
  const text = JSON.stringify(body);
  const bytes = utf8.encode(text);
  const digest = await crypto.subtle.digest("SHA-1", bytes);
  return {
    text,
    bytes,
    etag: `W/"${Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("")}"`,
  };
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

/** Answers a serialised body with its ETag, or 304 with no body when `If-None-Match` names the tag (weak comparison). */
export function sendEtagged(c: Context, e: Etagged, status: 200 | 201 = 200): Response {
  if (ifNoneMatchHits(c.req.header("if-none-match"), e.etag)) {
    return c.body(null, 304, { ETag: e.etag });
  }
  return c.body(e.bytes, status, { "content-type": "application/json; charset=utf-8", ETag: e.etag });
}

/**
 * Answers `body` as JSON with a weak ETag over its bytes; answers 304 with no body when the
 * request's `If-None-Match` names that tag. Partners sync cheaply by sending the tag back.
 */
export async function jsonWithEtag(c: Context, body: unknown, status: 200 | 201 = 200): Promise<Response> {
  return sendEtagged(c, await etagged(body), status);
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
