import assert from "node:assert/strict";
import { Hono } from "hono";
import { ifNoneMatchHits, jsonWithEtag } from "./etag.ts";

Deno.test("ifNoneMatchHits() - weak comparison (RFC 9110 §8.8.3.2): weak and strong forms of one tag match", () => {
  assert.equal(ifNoneMatchHits('W/"abc"', 'W/"abc"'), true);
  assert.equal(ifNoneMatchHits('"abc"', 'W/"abc"'), true);
  assert.equal(ifNoneMatchHits('W/"abc"', '"abc"'), true);
  assert.equal(ifNoneMatchHits(' "x", "abc" ', 'W/"abc"'), true);
  assert.equal(ifNoneMatchHits("*", 'W/"abc"'), true);
  assert.equal(ifNoneMatchHits('"abd"', 'W/"abc"'), false);
  assert.equal(ifNoneMatchHits('"W/abc"', 'W/"abc"'), false);
  assert.equal(ifNoneMatchHits("", 'W/"abc"'), false);
  assert.equal(ifNoneMatchHits(undefined, 'W/"abc"'), false);
});

Deno.test("jsonWithEtag() - a strong-form If-None-Match naming the weak ETag is a 304", async () => {
  const app = new Hono().get("/x", (c) => jsonWithEtag(c, { a: 1 }));
  const first = await app.request("/x");
  const etag = first.headers.get("etag")!;
  assert.match(etag, /^W\/"[0-9a-f]{40}"$/);
  await first.body?.cancel();
  const strong = await app.request("/x", { headers: { "If-None-Match": etag.slice(2) } });
  assert.equal(strong.status, 304);
  assert.equal(strong.headers.get("etag"), etag);
  const weak = await app.request("/x", { headers: { "If-None-Match": etag } });
  assert.equal(weak.status, 304);
  const other = await app.request("/x", { headers: { "If-None-Match": '"nope"' } });
  assert.equal(other.status, 200);
  await other.body?.cancel();
});
