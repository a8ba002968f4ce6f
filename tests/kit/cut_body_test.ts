/**
 * A client that goes away in the middle of its request body (a page closed while it sent a beacon,
 * a dropped mobile connection) is the client's doing: the kit answers it as a bad request and logs
 * no server error. Through a real `Deno.serve` and a raw socket, since only a real connection can
 * be cut mid-body.
 */
import assert from "node:assert/strict";
import { z } from "@hono/zod-openapi";
import { createLogger, createServiceApp, type Logger } from "@yibao/kit";
import { eventually } from "../harness/mod.ts";

/** A logger that keeps what is written at `error`, besides writing nothing. */
function recordingLogger(errors: string[]): Logger {
  const quiet = createLogger({ service: "kit-test", level: "error" });
  const record = (msg: string, fields?: Record<string, unknown>) =>
    errors.push(`${msg} ${JSON.stringify(fields)}`);
  return { ...quiet, error: record, child: () => recordingLogger(errors) };
}

Deno.test("kit - a request body cut off by the client is its error (400), not a logged server error", async () => {
  const errors: string[] = [];
  let reached = 0;
  const app = createServiceApp({
    name: "kit-test",
    version: "0.0.1",
    title: "测试 / Test",
    description: "kit test app",
    log: recordingLogger(errors),
    bodyLimitBytes: 64 * 1024,
    readiness: {},
  });
  app.post("/v1/beacon", async (c) => {
    reached++;
    return c.json(z.object({ n: z.number() }).parse(await c.req.json()));
  });
  const answers: number[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req, info) => {
    const res = await app.fetch(req, { remoteAddr: info.remoteAddr });
    answers.push(res.status);
    return res;
  });
  try {
    const { port } = server.addr as Deno.NetAddr;
    // an intact request first: the route works
    const ok = await fetch(`http://127.0.0.1:${port}/v1/beacon`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ n: 1 }),
    });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    for (const framing of ["content-length: 4000", "transfer-encoding: chunked"]) {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      const partial = framing.startsWith("content-length")
        ? `{"n": 2, "pad": "`
        : `20\r\n{"n": 2, "pad": "aaaaaaaaaaaaaaa\r\n`;
      await conn.write(
        new TextEncoder().encode(
          `POST /v1/beacon HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n${framing}\r\n\r\n${partial}`,
        ),
      );
      // let the server start reading the body, then go away
      await new Promise((r) => setTimeout(r, 200));
      conn.close();
    }
    assert.ok(await eventually(() => answers.length === 3, 5_000), `three answers, got ${answers}`);
    assert.deepEqual(answers, [200, 400, 400]);
    assert.equal(reached, 1, "the handler never saw a cut-off body");
    assert.deepEqual(errors, [], "no server error logged");
  } finally {
    await server.shutdown();
  }
});
