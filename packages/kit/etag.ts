import type { Context } from "hono";

/**
 * Answers `body` as JSON with a weak ETag over its bytes; answers 304 with no body when the
 * request's `If-None-Match` names that tag. Partners sync cheaply by sending the tag back.
 */
export async function jsonWithEtag(c: Context, body: unknown, status: 200 | 201 = 200): Promise<Response> {
  const text = JSON.stringify(body);
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  const tag = `W/"${Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("")}"`;
  const inm = c.req.header("if-none-match");
  if (inm && (inm.trim() === "*" || inm.split(",").some((t) => t.trim() === tag))) {
    return c.body(null, 304, { ETag: tag });
  }
  return c.body(text, status, { "content-type": "application/json; charset=utf-8", ETag: tag });
}
