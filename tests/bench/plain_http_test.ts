/** The benches' plain-socket HTTP (the SSE client, rawGet) against a real Deno.serve stream: the body comes back whole, however it is split. */
import assert from "node:assert/strict";
import { ChunkedDecoder, openEventStream } from "./plain_http.ts";
import { rawGet } from "./policy_bench.ts";

const events = [
  'id: 1\nevent: votes\ndata: {"questionId":"q-1","votes":1,"revision":1}\n\n',
  'id: 2\nevent: question\ndata: {"id":"q-2","text":"异地就医怎么备案？"}\n\n',
  "id: 3\nevent: votes\n" +
  `data: {"questionId":"q-1","votes":2,"revision":2,"pad":"${"医保".repeat(3000)}"}\n\n`,
];

function serveEvents(status = 200): { url: string; server: Deno.HttpServer } {
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, () => {
    if (status !== 200) return new Response("no", { status });
    const enc = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(c) {
        for (const e of events) {
          c.enqueue(enc.encode(e));
          await new Promise((r) => setTimeout(r, 10));
        }
        c.close();
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  });
  return { url: `http://127.0.0.1:${server.addr.port}/v1/sessions/s/events`, server };
}

Deno.test("sse socket: reads a streamed body whole and takes off the chunked framing, however the reads split it", async () => {
  const { url, server } = serveEvents();
  try {
    const { conn, chunked, rest } = await openEventStream(url);
    // read until the last chunk (the connection stays open for keep-alive)
    const received: Uint8Array[] = [rest];
    const ends = new ChunkedDecoder();
    ends.push(rest);
    const buf = new Uint8Array(1024);
    while (!ends.done) {
      const k = await conn.read(buf);
      if (k === null) break;
      received.push(buf.slice(0, k));
      ends.push(buf.subarray(0, k));
    }
    conn.close();
    assert.equal(chunked, true);
    const raw = new Uint8Array(received.reduce((a, x) => a + x.length, 0));
    received.reduce((at, x) => (raw.set(x, at), at + x.length), 0);
    // the same bytes, split every n bytes (n = 1 puts a boundary inside every size line, CR LF and character)
    for (const n of [1, 2, 3, 7, 100, raw.length]) {
      const d = new ChunkedDecoder();
      const dec = new TextDecoder();
      let text = "";
      for (let i = 0; i < raw.length; i += n) {
        for (const piece of d.push(raw.subarray(i, i + n))) text += dec.decode(piece, { stream: true });
      }
      assert.equal(text, events.join(""), `split every ${n} bytes`);
      assert.equal(d.done, true);
    }
  } finally {
    await server.shutdown();
  }
});

Deno.test("sse socket: a status other than 200 is an error", async () => {
  const { url, server } = serveEvents(404);
  try {
    await assert.rejects(openEventStream(url), /SSE 404/);
  } finally {
    await server.shutdown();
  }
});

Deno.test("sse socket: a chunk size that is not hexadecimal is an error", () => {
  assert.throws(() => new ChunkedDecoder().push(new TextEncoder().encode("zz\r\nabc")), /not a chunk size/);
});

Deno.test("plain http: rawGet returns the status, the headers by lowercased name and the body's bytes as sent", async () => {
  const body = JSON.stringify({ title: "北京市职工基本医疗保险", pad: "x".repeat(100_000) });
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    (req) =>
      new Response(body, {
        status: 201,
        headers: { "content-type": "application/json", "X-Seen": req.headers.get("x-api-key") ?? "" },
      }),
  );
  try {
    const r = await rawGet(`http://127.0.0.1:${server.addr.port}/v1/policies/p`, { "X-API-Key": "k-1" });
    assert.equal(r.status, 201);
    assert.equal(r.headers["x-seen"], "k-1");
    assert.equal(r.headers["content-type"], "application/json");
    assert.equal(new TextDecoder().decode(r.body), body);
  } finally {
    await server.shutdown();
  }
});
