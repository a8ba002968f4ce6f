import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import {
  assetUrl,
  defaultAssetsDir,
  immutableCacheControl,
  loadAssets,
} from "../../services/console/assets.ts";
import { startConsole } from "./_console.ts";

const manifest = JSON.parse(await Deno.readTextFile(`${defaultAssetsDir}manifest.json`));

Deno.test("console assets - main.js is served by its hashed name with immutable caching, and gzip when asked", async () => {
  const svc = await startConsole();
  try {
    const url = assetUrl("main.js");
    assert.match(url, /^\/assets\/main\.[0-9a-f]{12}\.js$/);
    assert.equal(url, `/assets/${manifest.assets["main.js"].file}`);

    const plain = await svc.app.request(url);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get("content-type"), "text/javascript; charset=utf-8");
    assert.equal(plain.headers.get("cache-control"), immutableCacheControl);
    assert.equal(plain.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.equal(plain.headers.get("content-encoding"), null);
    const body = new Uint8Array(await plain.arrayBuffer());
    assert.equal(body.length, manifest.assets["main.js"].bytes);

    const zipped = await svc.app.request(url, { headers: { "accept-encoding": "br;q=1.0, gzip;q=0.8" } });
    assert.equal(zipped.status, 200);
    assert.equal(zipped.headers.get("content-encoding"), "gzip");
    assert.equal(zipped.headers.get("vary"), "Accept-Encoding");
    const gz = new Uint8Array(await zipped.arrayBuffer());
    assert.equal(gz.length, manifest.assets["main.js"].gzipBytes);
    assert.deepEqual(new Uint8Array(gunzipSync(gz)), body);

    const refused = await svc.app.request(url, { headers: { "accept-encoding": "gzip;q=0" } });
    assert.equal(refused.headers.get("content-encoding"), null);
    await refused.body?.cancel();

    const css = await svc.app.request(assetUrl("styles.css"));
    assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
    assert.equal(css.headers.get("cache-control"), immutableCacheControl);
    await css.body?.cancel();
  } finally {
    await svc.shutdown();
  }
});

Deno.test("console assets - an unknown asset is a 404 problem", async () => {
  const svc = await startConsole();
  try {
    for (const path of ["/assets/main.000000000000.js", "/assets/manifest.json", "/assets/..%2Fmain.ts"]) {
      const res = await svc.app.request(path);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get("content-type"), "application/problem+json; charset=utf-8");
      const problem = await res.json();
      assert.equal(problem.code, "notFound");
      assert.notEqual(res.headers.get("cache-control"), immutableCacheControl);
    }
  } finally {
    await svc.shutdown();
  }
});

Deno.test("console assets - a missing manifest stops the start naming the command that builds it", async () => {
  const empty = await Deno.makeTempDir({ prefix: "yibao-no-assets-" });
  try {
    await assert.rejects(
      () => startConsole({ CONSOLE_ASSETS_DIR: empty }),
      (err: Error) => {
        assert.match(err.message, /manifest\.json is missing/);
        assert.match(err.message, /build_assets\.ts/);
        return true;
      },
    );
  } finally {
    await Deno.remove(empty, { recursive: true });
    await loadAssets(); // the other tests' assetUrl() reads the real manifest again
  }
});
