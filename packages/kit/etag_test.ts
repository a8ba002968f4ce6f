import assert from "node:assert/strict";
import { Hono } from "hono";
import { encodedBody, etagFor, etagged, ifNoneMatchHits, jsonWithEtag, preferredCoding } from "./etag.ts";

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

Deno.test("preferredCoding() - Accept-Encoding with q-values (RFC 9110 §12.5.3): br first on a tie, q=0 refuses, * stands for the rest", () => {
  assert.equal(preferredCoding(undefined), undefined);
  assert.equal(preferredCoding(""), undefined);
  assert.equal(preferredCoding("gzip"), "gzip");
  assert.equal(preferredCoding("gzip, deflate, br"), "br");
  assert.equal(preferredCoding("GZIP;Q=1.0"), "gzip");
  assert.equal(preferredCoding("br;q=0.4, gzip;q=0.8"), "gzip");
  assert.equal(preferredCoding("br;q=0, gzip"), "gzip");
  assert.equal(preferredCoding("gzip;q=0"), undefined);
  assert.equal(preferredCoding("identity"), undefined);
  assert.equal(preferredCoding("deflate"), undefined);
  assert.equal(preferredCoding("*"), "br");
  assert.equal(preferredCoding("br;q=0, *"), "gzip");
  assert.equal(preferredCoding("*;q=0"), undefined);
  assert.equal(preferredCoding("x-gzip"), "gzip");
});

Deno.test("encodedBody() - compresses a body once per coding and keeps it; nothing when not smaller", () => {
  const big = etagged({ text: "参保人异地就医须先备案。".repeat(200) });
  const gz = encodedBody(big, "gzip")!;
  assert.ok(gz.length < big.bytes.length / 4);
  assert.equal(encodedBody(big, "gzip"), gz, "the same bytes, not compressed again");
  assert.ok(encodedBody(big, "br")!.length < big.bytes.length / 4);
  const tiny = etagged({ a: 1 });
  assert.equal(encodedBody(tiny, "gzip"), null);
  assert.equal(etagFor(big, "gzip"), `${big.etag.slice(0, -1)}-gzip"`);
  assert.equal(etagFor(big, undefined), big.etag);
});
