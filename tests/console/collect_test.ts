import assert from "node:assert/strict";
import { eventually } from "../harness/mod.ts";
import { faroPayload, metricValue, postCollect, startConsole } from "./_console.ts";

const lcpCount = 'rum_web_vitals_lcp_seconds_count{page="status",browser="firefox"}';
const exceptions = 'rum_browser_exceptions_total{page="status",browser="firefox"}';

Deno.test("POST /collect - a Faro payload is accepted (202) and its web vitals and exception reach /metrics", async () => {
  const svc = await startConsole();
  try {
    const lcpBefore = await metricValue(svc, lcpCount);
    const errorsBefore = await metricValue(svc, exceptions);
    const res = await postCollect(svc, faroPayload("status"));
    assert.equal(res.status, 202);
    assert.equal(await res.text(), "");

    assert.equal(await metricValue(svc, lcpCount), lcpBefore + 1);
    assert.equal(await metricValue(svc, exceptions), errorsBefore + 1);
    // 1.8402 s of LCP falls in the 2 s bucket but not the 1.5 s one
    assert.equal(
      await metricValue(svc, 'rum_web_vitals_lcp_seconds_bucket{page="status",browser="firefox",le="1.5"}'),
      0,
    );
    assert.equal(
      await metricValue(svc, 'rum_web_vitals_lcp_seconds_bucket{page="status",browser="firefox",le="2"}'),
      1,
    );
    for (const vital of ["inp_seconds", "cls", "ttfb_seconds", "fcp_seconds"]) {
      assert.equal(
        await metricValue(svc, `rum_web_vitals_${vital}_count{page="status",browser="firefox"}`),
        1,
        vital,
      );
    }
    assert.equal(await metricValue(svc, 'rum_payloads_total{outcome="accepted"}'), 1);

    // a view name the console does not know is "other", never a new label value
    await postCollect(svc, faroPayload("/policies/123?token=secret"));
    assert.equal(
      await metricValue(svc, 'rum_web_vitals_lcp_seconds_count{page="other",browser="firefox"}'),
      1,
    );
    const text = await (await svc.app.request("/metrics")).text();
    assert.doesNotMatch(text, /token=secret|Gecko/);
  } finally {
    await svc.shutdown();
  }
});

Deno.test("POST /collect - a wrong type is a 400 problem naming the field; unknown fields are fine", async () => {
  const svc = await startConsole();
  try {
    const bad = faroPayload("status");
    (bad.measurements[0]!.values as Record<string, unknown>).lcp = "fast";
    const res = await postCollect(svc, bad);
    assert.equal(res.status, 400);
    assert.equal(res.headers.get("content-type"), "application/problem+json; charset=utf-8");
    const problem = await res.json();
    assert.equal(problem.code, "validationFailed");
    assert.deepEqual(problem.errors.map((e: { path: string }) => e.path), ["body.measurements.0.values.lcp"]);

    const noMeta = await postCollect(svc, { logs: [] });
    assert.equal(noMeta.status, 400);
    assert.deepEqual((await noMeta.json()).errors.map((e: { path: string }) => e.path), ["body.meta"]);

    const notJson = await postCollect(svc, "{not json");
    assert.equal(notJson.status, 400);
    assert.equal((await notJson.json()).code, "malformedBody");

    const extra = { ...faroPayload("status"), futureField: { anything: [1, 2] } };
    (extra.meta as Record<string, unknown>).k6 = { isK6Browser: false };
    assert.equal((await postCollect(svc, extra)).status, 202);
    assert.equal(await metricValue(svc, lcpCount), 1);
    assert.equal(await metricValue(svc, 'rum_payloads_total{outcome="invalid"}'), 3);
  } finally {
    await svc.shutdown();
  }
});

Deno.test("POST /collect - a payload over 256 KiB is a 413 problem", async () => {
  const svc = await startConsole();
  try {
    const big = faroPayload("status");
    big.logs = Array.from({ length: 300 }, () => ({
      message: "x".repeat(1_000),
      level: "info",
      timestamp: new Date().toISOString(),
      context: undefined,
    }));
    const body = JSON.stringify(big);
    assert.ok(body.length > 256 * 1024);
    const res = await postCollect(svc, body, {
      "content-length": String(new TextEncoder().encode(body).length),
    });
    assert.equal(res.status, 413);
    assert.equal((await res.json()).code, "payloadTooLarge");
    assert.equal(await metricValue(svc, lcpCount), 0);
  } finally {
    await svc.shutdown();
  }
});

Deno.test("POST /collect - over the rate limit per client address is a 429 with Retry-After", async () => {
  // stay inside one minute's window
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 5_000) await new Promise((r) => setTimeout(r, left + 50));
  const svc = await startConsole({ COLLECT_RATE_PER_MINUTE: "3" });
  try {
    for (let i = 0; i < 3; i++) assert.equal((await postCollect(svc, faroPayload("status"))).status, 202);
    const res = await postCollect(svc, faroPayload("status"));
    assert.equal(res.status, 429);
    const retryAfter = Number(res.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal((await res.json()).code, "tooManyRequests");
    assert.equal(await metricValue(svc, lcpCount), 3);
    assert.equal(await metricValue(svc, 'rum_payloads_total{outcome="rate_limited"}'), 1);
  } finally {
    await svc.shutdown();
  }
});

Deno.test("POST /collect - with FARO_COLLECTOR_URL the raw payload is forwarded there", async () => {
  const received: { body: string; type: string | null; path: string }[] = [];
  const collector = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    received.push({
      body: await req.text(),
      type: req.headers.get("content-type"),
      path: new URL(req.url).pathname,
    });
    return new Response(null, { status: 202 });
  });
  const svc = await startConsole({
    FARO_COLLECTOR_URL: `http://127.0.0.1:${collector.addr.port}/collect/app-key`,
  });
  try {
    const body = JSON.stringify(faroPayload("status", { traceId: "1234567890abcdef1234567890abcdef" }));
    assert.equal((await postCollect(svc, body)).status, 202);
    assert.ok(await eventually(() => received.length === 1, 5_000), "the collector got the payload");
    assert.equal(received[0]!.body, body);
    assert.equal(received[0]!.type, "application/json");
    assert.equal(received[0]!.path, "/collect/app-key");
    assert.ok(await eventually(async () => (await metricValue(svc, 'rum_forward_total{result="ok"}')) === 1));
  } finally {
    await svc.shutdown();
    await collector.shutdown();
  }
});

Deno.test("POST /collect - an unreachable collector is counted, and the browser still gets 202", async () => {
  const free = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (free.addr as Deno.NetAddr).port;
  free.close(); // nothing listens there now
  const svc = await startConsole({ FARO_COLLECTOR_URL: `http://127.0.0.1:${port}/collect` });
  try {
    assert.equal((await postCollect(svc, faroPayload("status"))).status, 202);
    assert.ok(
      await eventually(
        async () => (await metricValue(svc, 'rum_forward_total{result="failed"}')) === 1,
        8_000,
      ),
    );
  } finally {
    await svc.shutdown();
  }
});
