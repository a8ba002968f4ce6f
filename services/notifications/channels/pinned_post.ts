/**
 * POST over `node:http` / `node:https` to an address fixed in advance: the connection goes to the
 * address the SSRF check approved, while the URL's host name still names the server — in `Host`, in
 * TLS's SNI and in the certificate check. Deno's `fetch` resolves the name again when it connects
 * (and its `createHttpClient` has no resolver hook in Deno 2.9), which is what DNS rebinding exploits.
 * @module
 */
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";

/** What came back: the status, the headers we read and the start of the body when it is not 2xx. */
export interface PinnedResponse {
  status: number;
  headers: { location?: string | undefined; retryAfter?: string | undefined };
  /** Up to 200 characters of the body, for non-2xx answers. */
  text: string;
}

/** Options for {@linkcode pinnedPost}. */
export interface PinnedPostOptions {
  /** The address to connect to; null resolves the host name as usual (allow-listed hosts). */
  address: string | null;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Extra trusted certificates (PEM), for tests with their own certificate authority. */
  ca?: string[];
}

/** A `lookup` that answers every question with `address` and nothing else. */
export function fixedLookup(address: string): LookupFunction {
  const family = isIP(address) === 6 ? 6 : 4;
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

/**
 * POSTs `body` to `url`, connected to `options.address`. Redirects are never followed. Rejects with a
 * `TimeoutError` after `timeoutMs`, or with the connection's error.
 */
export function pinnedPost(url: URL, options: PinnedPostOptions): Promise<PinnedResponse> {
  const secure = url.protocol === "https:";
  const lib = secure ? https : http;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return new Promise((resolve, reject) => {
    const signal = AbortSignal.timeout(options.timeoutMs);
    const req = lib.request({
      protocol: url.protocol,
      host,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: "POST",
      headers: {
        "content-length": String(new TextEncoder().encode(options.body).length),
        ...options.headers,
      },
      // one connection per request: a pooled socket must never carry a request pinned elsewhere
      agent: false,
      ...(options.address !== null && isIP(host) === 0 ? { lookup: fixedLookup(options.address) } : {}),
      ...(secure
        ? { servername: isIP(host) === 0 ? host : undefined, ...(options.ca ? { ca: options.ca } : {}) }
        : {}),
      signal,
    }, (res) => {
      const status = res.statusCode ?? 0;
      const ok = status >= 200 && status < 300;
      const chunks: string[] = [];
      let length = 0;
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        if (!ok && length < 200) {
          chunks.push(c);
          length += c.length;
        }
      });
      res.on("end", () =>
        resolve({
          status,
          headers: {
            location: headerValue(res.headers.location),
            retryAfter: headerValue(res.headers["retry-after"]),
          },
          text: chunks.join("").slice(0, 200),
        }));
      res.on("error", reject);
    });
    req.on("error", (err: Error) => reject(signal.aborted ? signal.reason : err));
    req.end(options.body);
  });
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
