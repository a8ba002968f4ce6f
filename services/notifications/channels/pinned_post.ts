/**
 * POST over `node:http` / `node:https` to an address fixed in advance: the connection goes to the
 * address the SSRF check approved, while the URL's host name still names the server — in `Host`, in
 * TLS's SNI and in the certificate check. Deno's `fetch` resolves the name again when it connects
 * (and its `createHttpClient` has no resolver hook in Deno 2.9), which is what DNS rebinding exploits.
 *
 * Connections are kept alive and reused, in pools keyed by everything a connection is bound to: the
 * scheme, the URL's host and port, the address the check approved (and the extra CAs). A pool only
 * ever connects to its one address, so a reused socket never carries a request pinned elsewhere;
 * a host that resolves to another address next time gets another pool. (One connection per request,
 * as before, cost about 1.3 ms of the delivery worker's time per webhook: most of a fan-out.)
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

/** Keep-alive pools, one per (scheme, host, port, pinned address, CAs); the oldest is closed past the cap. */
const pools = new Map<string, http.Agent>();
/** At most this many pools stay open (each holds idle connections to one endpoint address). */
export const maxPools = 256;
/** Connections one pool opens to its address at most. */
const socketsPerPool = 64;

function poolFor(
  secure: boolean,
  host: string,
  port: string | number,
  address: string | null,
  ca: string[] | undefined,
): http.Agent {
  const key = JSON.stringify([secure, host, port, address, ca ?? null]);
  let agent = pools.get(key);
  if (agent) {
    // most recently used last, so the cap closes the pool used longest ago
    pools.delete(key);
    pools.set(key, agent);
    return agent;
  }
  const options = {
    keepAlive: true,
    maxSockets: socketsPerPool,
    maxFreeSockets: socketsPerPool,
    // idle connections close after 30 s
    timeout: 30_000,
    ...(address !== null && isIP(host) === 0 ? { lookup: fixedLookup(address) } : {}),
  };
  agent = secure ? new https.Agent(options) : new http.Agent(options);
  pools.set(key, agent);
  while (pools.size > maxPools) {
    const [oldest, old] = pools.entries().next().value as [string, http.Agent];
    pools.delete(oldest);
    old.destroy();
  }
  return agent;
}

/** Closes every pooled connection (at shutdown, and between tests). */
export function closePinnedPools(): void {
  for (const agent of pools.values()) agent.destroy();
  pools.clear();
}

/**
 * POSTs `body` to `url`, connected to `options.address`. Redirects are never followed. Rejects with a
 * `TimeoutError` after `timeoutMs`, or with the connection's error.
 */
export function pinnedPost(url: URL, options: PinnedPostOptions): Promise<PinnedResponse> {
  const secure = url.protocol === "https:";
  const lib = secure ? https : http;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = url.port || (secure ? 443 : 80);
  const agent = poolFor(secure, host, port, options.address, options.ca);
  return new Promise((resolve, reject) => {
    const signal = AbortSignal.timeout(options.timeoutMs);
    const req = lib.request({
      protocol: url.protocol,
      host,
      port,
      path: `${url.pathname}${url.search}`,
      method: "POST",
      headers: {
        "content-length": String(new TextEncoder().encode(options.body).length),
        ...options.headers,
      },
      // the pool of this very address: a pooled socket never carries a request pinned elsewhere
      agent,
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
