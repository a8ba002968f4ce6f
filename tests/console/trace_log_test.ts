import assert from "node:assert/strict";
import { faroPayload, postCollect, startConsole } from "./_console.ts";

/** Runs `fn` while capturing the JSON lines the services' loggers write to stdout. */
async function captureLog(fn: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => {
    try {
      lines.push(JSON.parse(String(args[0])));
    } catch {
      original(...args);
    }
  };
  try {
    await fn();
  } finally {
    console.log = original;
  }
  return lines;
}

const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

Deno.test("access log - a request with a W3C traceparent is logged with its traceId; an invalid one is not", async () => {
  const svc = await startConsole({ LOG_LEVEL: "info" });
  try {
    const lines = await captureLog(async () => {
      const traced = await svc.app.request("/api/status", {
        headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, "x-request-id": "trace-ok" },
      });
      await traced.body?.cancel();
      const bad = await svc.app.request("/api/status", {
        headers: { traceparent: `00-${"0".repeat(32)}-00f067aa0ba902b7-01`, "x-request-id": "trace-bad" },
      });
      await bad.body?.cancel();
      const none = await svc.app.request("/api/status", { headers: { "x-request-id": "trace-none" } });
      await none.body?.cancel();
    });
    const access = (id: string) => lines.find((l) => l.msg === "request" && l.requestId === id);
    assert.equal(access("trace-ok")?.traceId, traceId, JSON.stringify(lines));
    assert.equal(access("trace-ok")?.path, "/api/status");
    assert.ok(access("trace-bad"), "the request with an invalid traceparent is logged");
    assert.equal(access("trace-bad")?.traceId, undefined);
    assert.equal(access("trace-none")?.traceId, undefined);
  } finally {
    await svc.shutdown();
  }
});

Deno.test("browser exceptions - each is logged as one JSON line with page, browser, trace and session ids", async () => {
  const svc = await startConsole({ LOG_LEVEL: "info" });
  try {
    const lines = await captureLog(async () => {
      const res = await postCollect(svc, faroPayload("status", { traceId, sessionId: "sess-42" }));
      assert.equal(res.status, 202);
    });
    const logged = lines.filter((l) => l.msg === "browser exception");
    assert.equal(logged.length, 1);
    const e = logged[0]!;
    assert.equal(e.message, "Cannot read properties of undefined (reading 'ready')");
    assert.equal(e.type, "TypeError");
    assert.equal(e.page, "status");
    assert.equal(e.browser, "firefox");
    assert.equal(e.traceId, traceId);
    assert.equal(e.sessionId, "sess-42");
    assert.match(
      String(e.stack),
      /^at refresh \(http:\/\/127\.0\.0\.1:8100\/assets\/main\.12bd485d8788\.js:1:5230\)/,
    );
    assert.equal(e.level, "warn");
  } finally {
    await svc.shutdown();
  }
});
