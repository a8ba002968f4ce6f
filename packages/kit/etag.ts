import type { Context } from "hono";

/** A JSON body serialised once, with its weak ETag: what a cache should keep. */
export interface Etagged {
  text: string;
  etag: string;
}

/** Serialises `body` and computes its weak ETag (SHA-1 of the bytes). */
export async function etagged(body: unknown): Promise<Etagged> {
  const text = JSON.stringify(body);
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return {
    text,
    etag: `W/"${Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("")}"`,
  };
}

/** Answers a serialised body with its ETag, or 304 with no body when `If-None-Match` names the tag. */
export function sendEtagged(c: Context, e: Etagged, status: 200 | 201 = 200): Response {
  const inm = c.req.header("if-none-match");
  if (inm && (inm.trim() === "*" || inm.split(",").some((t) => t.trim() === e.etag))) {
    return c.body(null, 304, { ETag: e.etag });
  }
  return c.body(e.text, status, { "content-type": "application/json; charset=utf-8", ETag: e.etag });
}

/**
 * Answers `body` as JSON with a weak ETag over its bytes; answers 304 with no body when the
 * request's `If-None-Match` names that tag. Partners sync cheaply by sending the tag back.
 */
export async function jsonWithEtag(c: Context, body: unknown, status: 200 | 201 = 200): Promise<Response> {
  return sendEtagged(c, await etagged(body), status);
}
