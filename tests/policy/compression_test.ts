import assert from "node:assert/strict";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { eventually } from "../harness/mod.ts";
import { newPolicy, ownTopic, people, publishNewPolicy, reviewAndPublish, startSuite } from "./_suite.ts";

/** The raw answer of an in-process request: status, headers and the bytes as sent (not decoded). */
async function raw(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  path: string,
  headers: Record<string, string>,
  method = "GET",
) {
  const res = await app.request(path, { method, headers });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("policy by id - gzip and br when accepted: compressed once, own ETag per coding, 304, Vary, HEAD, refreshed by an amendment", async (t) => {
  const suite = await startSuite();
  const tokens = await people();
  const topic = await ownTopic();
  const pid = `gz-${topic.toLowerCase()}`;
  const long = "参保人在定点医疗机构就医，符合规定的住院费用由统筹基金按比例支付；异地就医须先备案。".repeat(
    40,
  );
  try {
    await publishNewPolicy(suite, newPolicy(pid, topic, ["320700"], { body: long }), tokens);
    const app = suite.policy.app;
    const auth = { authorization: `Bearer ${tokens.host}` };
    const path = `/v1/policies/${pid}`;

    const plain = await raw(app, path, auth);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get("content-encoding"), null);
    assert.equal(plain.headers.get("vary"), "Accept-Encoding");
    const etag = plain.headers.get("etag")!;
    assert.match(etag, /^W\/"[0-9a-f]{40}"$/);
    assert.ok(plain.bytes.length > 3_000, `a body of ${plain.bytes.length} bytes`);

    await t.step("gzip: the same JSON, smaller, with its own ETag", async () => {
      const gz = await raw(app, path, { ...auth, "accept-encoding": "gzip, deflate" });
      assert.equal(gz.status, 200);
      assert.equal(gz.headers.get("content-encoding"), "gzip");
      assert.equal(gz.headers.get("vary"), "Accept-Encoding");
      assert.equal(gz.headers.get("content-type"), "application/json; charset=utf-8");
      assert.equal(gz.headers.get("etag"), `${etag.slice(0, -1)}-gzip"`);
      assert.ok(
        gz.bytes.length < plain.bytes.length / 2,
        `${gz.bytes.length} of ${plain.bytes.length} bytes`,
      );
      assert.equal(text(gunzipSync(gz.bytes)), text(plain.bytes));
      assert.ok(gz.headers.get("x-request-id"), "the request id is still sent");
    });

    await t.step(
      "br preferred on a tie, gzip when br is refused or ranked lower, identity when nothing fits",
      async () => {
        const br = await raw(app, path, { ...auth, "accept-encoding": "gzip, deflate, br" });
        assert.equal(br.headers.get("content-encoding"), "br");
        assert.equal(br.headers.get("etag"), `${etag.slice(0, -1)}-br"`);
        assert.equal(text(brotliDecompressSync(br.bytes)), text(plain.bytes));
        const lower = await raw(app, path, { ...auth, "accept-encoding": "br;q=0.5, gzip" });
        assert.equal(lower.headers.get("content-encoding"), "gzip");
        const refused = await raw(app, path, { ...auth, "accept-encoding": "br;q=0, gzip;q=0, *;q=0" });
        assert.equal(refused.headers.get("content-encoding"), null);
        assert.equal(refused.headers.get("etag"), etag);
        const star = await raw(app, path, { ...auth, "accept-encoding": "*" });
        assert.equal(star.headers.get("content-encoding"), "br");
        const identity = await raw(app, path, { ...auth, "accept-encoding": "identity" });
        assert.equal(identity.headers.get("content-encoding"), null);
        assert.deepEqual(identity.bytes, plain.bytes);
      },
    );

    await t.step("304 for the ETag of the representation that would be sent, 200 for another's", async () => {
      const gzTag = `${etag.slice(0, -1)}-gzip"`;
      const hit = await raw(app, path, { ...auth, "accept-encoding": "gzip", "if-none-match": gzTag });
      assert.equal(hit.status, 304);
      assert.equal(hit.bytes.length, 0);
      assert.equal(hit.headers.get("etag"), gzTag);
      assert.equal(hit.headers.get("vary"), "Accept-Encoding");
      // a client that held the identity body and now accepts gzip gets the gzip one
      const other = await raw(app, path, { ...auth, "accept-encoding": "gzip", "if-none-match": etag });
      assert.equal(other.status, 200);
      assert.equal(other.headers.get("content-encoding"), "gzip");
      const identityHit = await raw(app, path, { ...auth, "if-none-match": etag });
      assert.equal(identityHit.status, 304);
    });

    await t.step("HEAD says what GET would send, without a body", async () => {
      const head = await raw(app, path, { ...auth, "accept-encoding": "gzip" }, "HEAD");
      assert.equal(head.status, 200);
      assert.equal(head.headers.get("content-encoding"), "gzip");
      assert.equal(head.headers.get("etag"), `${etag.slice(0, -1)}-gzip"`);
      assert.equal(head.bytes.length, 0);
    });

    await t.step("over the network, fetch decodes it to the same JSON", async () => {
      const res = await fetch(`http://127.0.0.1:${suite.policy.port}${path}`, {
        headers: { ...auth, "accept-encoding": "gzip" },
      });
      assert.equal(res.status, 200);
      assert.equal(await res.text(), text(plain.bytes));
    });

    await t.step("a small answer goes uncompressed; problems are untouched", async () => {
      const missing = await raw(app, `/v1/policies/no-such-${pid}`, { ...auth, "accept-encoding": "gzip" });
      assert.equal(missing.status, 404);
      assert.equal(missing.headers.get("content-encoding"), null);
      assert.equal(JSON.parse(text(missing.bytes)).code, "notFound");
    });

    await t.step("an amendment replaces the cached entry, and with it the compressed bytes", async () => {
      const draft = await suite.admin.app.request(`/v1/policies/${pid}/amendments`, {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.operator}`, "content-type": "application/json" },
        body: JSON.stringify({
          summary: "正文补充线上渠道",
          effectiveFrom: newPolicy(pid, topic, []).effectiveFrom,
          changes: [{ field: "body", before: long, after: `${long}现可在线上办理。` }],
        }),
      });
      assert.equal(draft.status, 201, await draft.clone().text());
      await reviewAndPublish(suite.admin, (await draft.json()).id, tokens);
      assert.ok(
        await eventually(async () => {
          const gz = await raw(app, path, { ...auth, "accept-encoding": "gzip" });
          return text(gunzipSync(gz.bytes)).includes("现可在线上办理。");
        }),
        "the gzip body follows the amendment",
      );
      const now = await raw(app, path, auth);
      const gz = await raw(app, path, { ...auth, "accept-encoding": "gzip" });
      assert.equal(text(gunzipSync(gz.bytes)), text(now.bytes));
      assert.equal(gz.headers.get("etag"), `${now.headers.get("etag")!.slice(0, -1)}-gzip"`);
      assert.notEqual(now.headers.get("etag"), etag);
    });
  } finally {
    await suite.stop();
  }
});
