import assert from "node:assert/strict";
import { spawnService, waitReady } from "../../deploy/local/dev/services.ts";
import { suite } from "../../deploy/local/dev/suite.ts";
import { defaultAssetsDir } from "../../services/console/assets.ts";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { natsUrl, neo4jEnv, testTokenSecret } from "../harness/mod.ts";

Deno.test("all six services boot under narrow Deno permissions, serve the kit's endpoints and stop on SIGTERM", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "yibao-boot-" });
  const ports = Object.fromEntries(suite.map((s) => [s.name, freePort()]));
  const env: Record<string, string> = {
    ...neo4jEnv(),
    NATS_URL: natsUrl(),
    AUTH_TOKEN_SECRET: testTokenSecret,
    LOG_LEVEL: "warn",
    CONSOLE_SERVICES: suite.filter((s) => s.name !== "console").map((s) =>
      `${s.name}=http://127.0.0.1:${ports[s.name]}`
    )
      .join(","),
  };
  const procs = suite.map((spec) =>
    spawnService(spec, {
      port: ports[spec.name]!,
      env,
      logFile: `${tmp}/${spec.name}.log`,
      extraNet: spec.name === "console" ? Object.values(ports).map((p) => `127.0.0.1:${p}`) : [],
    })
  );
  try {
    try {
      await Promise.all(procs.map((p) => waitReady(p, 90_000, `${tmp}/${p.name}.log`)));
    } catch (err) {
      for (const p of procs) {
        console.error(`--- ${p.name}\n${await Deno.readTextFile(`${tmp}/${p.name}.log`).catch(() => "")}`);
      }
      throw err;
    }
    for (const p of procs) {
      const health = await (await fetch(`${p.url}/healthz`)).json();
      assert.equal(health.service, p.name);
      const spec = await (await fetch(`${p.url}/openapi.json`)).json();
      assert.equal(spec.openapi, "3.1.0");
      assert.ok(spec.paths["/readyz"], `${p.name} documents /readyz`);
      const docs = await fetch(`${p.url}/docs`);
      assert.equal(docs.status, 200);
      await docs.body?.cancel();
      const missing = await fetch(`${p.url}/v1/does-not-exist`);
      assert.equal(missing.status, 404);
      assert.equal(missing.headers.get("content-type"), "application/problem+json; charset=utf-8");
      await missing.body?.cancel();
    }
    const status = await (await fetch(`http://127.0.0.1:${ports.console}/api/status`)).json();
    assert.equal(status.ready, true, JSON.stringify(status));
    assert.equal(status.services.length, 5);
    const home = await fetch(`http://127.0.0.1:${ports.console}/`);
    assert.match(await home.text(), /医保政策通/);
    // the console reads its built browser assets under its narrow --allow-read
    const manifest = JSON.parse(await Deno.readTextFile(`${defaultAssetsDir}manifest.json`));
    const asset = await fetch(`http://127.0.0.1:${ports.console}/assets/${manifest.assets["main.js"].file}`);
    assert.equal(asset.status, 200);
    await asset.body?.cancel();
  } finally {
    const codes = await Promise.all(procs.map(async (p) => {
      await p.stop(10_000);
      return [p.name, (await p.process.status).code] as const;
    }));
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    for (const [name, code] of codes) assert.equal(code, 0, `${name} exits 0 on SIGTERM`);
  }
});
