/**
 * The local sink: a small HTTP server that stands in for every push provider (SMS, WeChat, app
 * push, email) and for partner webhooks in development, tests and benchmarks. It records every
 * message it receives, per channel, and can be told to answer with errors first.
 *
 * - `POST /<channel>/...`: records `{channel, path, headers, body, at}`; answers 200, or the next
 *   programmed answer for the longest matching path prefix.
 * - `POST /_control/answers` `{prefix, answers: [{status, retryAfter?}]}`: the next requests under
 *   `prefix` get these answers, in order, before 200 again.
 * - `GET /_messages?channel=&prefix=`: what was recorded. `DELETE /_messages`: forget it.
 * - `GET /_stats`: counts per channel.
 */

/** One recorded message. */
export interface SinkMessage {
  channel: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
  /** What the sink answered. */
  status: number;
}

/** A programmed answer. */
export interface SinkAnswer {
  status: number;
  retryAfter?: string;
  location?: string;
}

/** A running sink. */
export interface Sink {
  url: string;
  port: number;
  messages(filter?: { channel?: string; prefix?: string }): SinkMessage[];
  program(prefix: string, answers: SinkAnswer[]): void;
  clear(): void;
  stop(): Promise<void>;
}

/** Starts a sink on `port` (0 = a free one). */
export function startSink(
  options: { port?: number; hostname?: string; quiet?: boolean } = {},
): Promise<Sink> {
  const recorded: SinkMessage[] = [];
  const programmed = new Map<string, SinkAnswer[]>();
  const { promise, resolve } = Promise.withResolvers<number>();

  function select(filter: { channel?: string; prefix?: string } = {}) {
    return recorded.filter((m) =>
      (!filter.channel || m.channel === filter.channel) &&
      (!filter.prefix || m.path.startsWith(filter.prefix))
    );
  }
  function program(prefix: string, answers: SinkAnswer[]) {
    programmed.set(prefix, [...(programmed.get(prefix) ?? []), ...answers]);
  }
  function nextAnswer(path: string): SinkAnswer | undefined {
    let best: string | undefined;
    for (const [prefix, answers] of programmed) {
      if (answers.length && path.startsWith(prefix) && (!best || prefix.length > best.length)) best = prefix;
    }
    return best ? programmed.get(best)!.shift() : undefined;
  }

  const server = Deno.serve({
    port: options.port ?? 0,
    hostname: options.hostname ?? "127.0.0.1",
    onListen: ({ port }) => resolve(port),
  }, async (req) => {
    const url = new URL(req.url);
    if (url.pathname === "/_messages") {
      if (req.method === "DELETE") {
        recorded.length = 0;
        return new Response(null, { status: 204 });
      }
      const f = {
        channel: url.searchParams.get("channel") ?? "",
        prefix: url.searchParams.get("prefix") ?? "",
      };
      return Response.json({ items: select(f) });
    }
    if (url.pathname === "/_stats") {
      const counts: Record<string, number> = {};
      for (const m of recorded) counts[m.channel] = (counts[m.channel] ?? 0) + 1;
      return Response.json({ total: recorded.length, byChannel: counts });
    }
    if (url.pathname === "/_control/answers" && req.method === "POST") {
      const b = await req.json() as { prefix: string; answers: SinkAnswer[] };
      program(b.prefix, b.answers);
      return new Response(null, { status: 204 });
    }
    if (req.method !== "POST") return new Response("POST a message", { status: 405 });
    const body = await req.text();
    const answer = nextAnswer(url.pathname);
    const status = answer?.status ?? 200;
    const headers: Record<string, string> = {};
    for (const [k, v] of req.headers) if (k.startsWith("webhook-") || k === "idempotency-key") headers[k] = v;
    recorded.push({
      channel: url.pathname.split("/")[1] ?? "",
      path: url.pathname,
      headers,
      body,
      at: Date.now(),
      status,
    });
    const h = new Headers();
    if (answer?.retryAfter) h.set("retry-after", answer.retryAfter);
    if (answer?.location) h.set("location", answer.location);
    return new Response(status < 300 ? '{"ok":true}' : '{"error":"programmed"}', { status, headers: h });
  });
  return promise.then((port) => ({
    url: `http://127.0.0.1:${port}`,
    port,
    messages: select,
    program,
    clear: () => void (recorded.length = 0),
    stop: () => server.shutdown(),
  }));
}

if (import.meta.main) {
  const port = Number(Deno.env.get("PORT") ?? "8199");
  const sink = await startSink({ port });
  console.log(JSON.stringify({ msg: "sink listening", url: sink.url }));
  const stop = () => void sink.stop().then(() => Deno.exit(0));
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGINT", stop);
}
