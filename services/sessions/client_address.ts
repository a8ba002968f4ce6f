/**
 * The client address a request counts against: the TCP peer, or, when the peer is one of the
 * configured trusted proxies, the nearest address in `X-Forwarded-For` that is not a trusted proxy
 * (read from the right, since a client can write anything on the left).
 */

/** Normalises an address for comparison (`::ffff:10.0.0.1` → `10.0.0.1`). */
export function normaliseAddress(a: string): string {
  const s = a.trim().toLowerCase();
  return s.startsWith("::ffff:") && s.includes(".") ? s.slice(7) : s;
}

/** The client's address; `peer` is undefined for in-process requests (then `in-process`). */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: ReadonlySet<string>,
): string {
  if (!peer) return "in-process";
  const p = normaliseAddress(peer);
  if (!trusted.has(p) || !forwardedFor) return p;
  const hops = forwardedFor.split(",").map(normaliseAddress).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trusted.has(hops[i]!)) return hops[i]!;
  }
  return hops[0] ?? p;
}
