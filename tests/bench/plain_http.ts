/**
 * HTTP/1.1 over a plain TCP socket, for the benches: the live Q&A bench's listener clients, and GETs
 * whose bytes must be seen as sent (`rawGet` in policy_bench.ts).
 *
 * `fetch` costs its caller about 64 µs of CPU per read of a streamed body on the 2-core bench
 * machine; a `Deno.connect` socket read costs about 10 (1,000 listeners each sent a 2 KB chunk every
 * 100 ms, measured in one run). The bench runs its 1,000 listeners on the same two cores as the
 * services, so the listeners' own reads were part of what it measured. {@linkcode openEventStream}
 * sends the request, checks the status line, and hands back the body's bytes as they arrive;
 * {@linkcode ChunkedDecoder} takes off HTTP/1.1's chunked framing when they are parsed.
 */

/** A response's status, its headers (names lowercased) and the body bytes that came with the head. */
export interface ResponseHead {
  status: number;
  headers: Record<string, string>;
  rest: Uint8Array;
}

const headEnd = (b: Uint8Array, n: number): number => {
  for (let i = 3; i < n; i++) {
    if (b[i] === 10 && b[i - 1] === 13 && b[i - 2] === 10 && b[i - 3] === 13) return i + 1;
  }
  return -1;
};

/**
 * Sends a GET for `url` (http only) over a new plain socket with `headers` and reads the response's
 * head; the socket is left open for the body (the caller closes it).
 */
export async function openGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ conn: Deno.Conn; head: ResponseHead }> {
  const u = new URL(url);
  if (u.protocol !== "http:") throw new Error(`not an http URL: ${url}`);
  const conn = await Deno.connect({ hostname: u.hostname, port: Number(u.port || 80) });
  try {
    const lines = [`GET ${u.pathname}${u.search} HTTP/1.1`, `Host: ${u.host}`];
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    const request = new TextEncoder().encode(`${lines.join("\r\n")}\r\n\r\n`);
    for (let sent = 0; sent < request.length;) sent += await conn.write(request.subarray(sent));
    let buf = new Uint8Array(4096);
    let n = 0;
    let end = -1;
    while (end < 0) {
      if (n === buf.length) {
        const bigger = new Uint8Array(buf.length * 2);
        bigger.set(buf);
        buf = bigger;
      }
      const k = await conn.read(buf.subarray(n));
      if (k === null) throw new Error(`the connection closed before the response's head: ${url}`);
      n += k;
      end = headEnd(buf, n);
    }
    const [statusLine, ...headerLines] = new TextDecoder().decode(buf.subarray(0, end - 4)).split("\r\n");
    const parsed: Record<string, string> = {};
    for (const l of headerLines) {
      const i = l.indexOf(":");
      parsed[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
    }
    return {
      conn,
      head: { status: Number(statusLine!.split(" ")[1]), headers: parsed, rest: buf.slice(end, n) },
    };
  } catch (err) {
    conn.close();
    throw err;
  }
}

/** An open event stream: its socket, whether the body is chunked, and the body bytes read with the head. */
export interface EventStreamSocket {
  conn: Deno.Conn;
  chunked: boolean;
  rest: Uint8Array;
}

/** Opens an event stream (GET `url`); throws unless the status is 200. */
export async function openEventStream(url: string): Promise<EventStreamSocket> {
  const { conn, head } = await openGet(url, { Accept: "text/event-stream" });
  if (head.status !== 200) {
    conn.close();
    throw new Error(`SSE ${head.status}`);
  }
  return { conn, chunked: /chunked/i.test(head.headers["transfer-encoding"] ?? ""), rest: head.rest };
}

/**
 * Takes off HTTP/1.1 chunked framing: each `push` of received bytes returns the body's bytes in
 * them (views into the pushed array), wherever the reads split the size lines and the data.
 */
export class ChunkedDecoder {
  /** Data bytes left in the current chunk. */
  #left = 0;
  /** The CR LF after a chunk's data, still to skip. */
  #crlf = 0;
  /** The size line read so far. */
  #sizeLine = "";
  /** True after the last (zero-size) chunk. */
  done = false;

  push(bytes: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let i = 0;
    while (i < bytes.length && !this.done) {
      if (this.#left > 0) {
        const n = Math.min(this.#left, bytes.length - i);
        out.push(bytes.subarray(i, i + n));
        i += n;
        this.#left -= n;
        if (this.#left === 0) this.#crlf = 2;
      } else if (this.#crlf > 0) {
        i++;
        this.#crlf--;
      } else {
        const b = bytes[i++]!;
        if (b === 10) {
          const size = parseInt(this.#sizeLine, 16);
          if (!(size >= 0)) throw new Error(`not a chunk size: ${JSON.stringify(this.#sizeLine)}`);
          this.#sizeLine = "";
          if (size === 0) this.done = true;
          else this.#left = size;
        } else if (b !== 13) this.#sizeLine += String.fromCharCode(b);
      }
    }
    return out;
  }
}
