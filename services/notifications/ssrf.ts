/**
 * Server-side request forgery rules for partner webhook URLs: https only (http when allowed for
 * development), and no host that resolves to a loopback, private, link-local, shared, multicast
 * or metadata address unless it is on the allow-list. Checked at registration and again before
 * every delivery (a name may resolve elsewhere later); a delivery connects to the address it checked
 * ({@linkcode resolveWebhookTarget}, `channels/pinned_post.ts`), never resolving the name a second time.
 */

/** Why a URL was refused. */
export class UnsafeUrl extends Error {
  override name = "UnsafeUrl";
}

/** A host that did not resolve: refused at registration, but only a failed attempt (retried) at delivery. */
export class HostNotResolved extends UnsafeUrl {
  override name = "HostNotResolved";
}

/** What the rules allow beyond the default. */
export interface UrlPolicy {
  allowHttp: boolean;
  /** Host names or literal addresses allowed even when they resolve to a refused range. */
  allowHosts: string[];
  /** Resolves a host name to its addresses (default `Deno.resolveDns`, A and AAAA). */
  resolve?: (host: string) => Promise<string[]>;
  /** The longest the default lookup may take (default 5 s); a slower one counts as not resolving. */
  dnsTimeoutMs?: number;
}

function ipv4ToInt(ip: string): number | null {
  const parts = ip.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

const v4Blocked: [string, number][] = [
  ["0.0.0.0", 8], // "this" network
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT (shared)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, incl. 169.254.169.254 (cloud metadata)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

function inV4Range(n: number, base: string, bits: number): boolean {
  const b = ipv4ToInt(base)!;
  const size = 2 ** (32 - bits);
  return n >= b && n < b + size;
}

/** True for an IPv4 address in a refused range. */
function blockedV4(ip: string): boolean {
  const n = ipv4ToInt(ip);
  if (n === null) return true;
  return v4Blocked.some(([base, bits]) => inV4Range(n, base, bits));
}

/** Expands an IPv6 address (with `::` and an optional dotted IPv4 tail) to 8 hextets. */
function ipv6Hextets(ip: string): number[] | null {
  let s = ip.toLowerCase();
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (tail) {
    const n = ipv4ToInt(tail[1]!);
    if (n === null) return null;
    s = s.slice(0, -tail[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 && missing !== 0) return null;
  if (missing < 0) return null;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  const out = all.map((h) => /^[0-9a-f]{1,4}$/.test(h) ? parseInt(h, 16) : NaN);
  return out.length === 8 && out.every((x) => !Number.isNaN(x)) ? out : null;
}

/** True for an IPv6 address in a refused range (IPv4-mapped and -translated addresses as IPv4). */
function blockedV6(ip: string): boolean {
  const h = ipv6Hextets(ip);
  if (!h) return true;
  const [a, b, c, d, e, f, g, last] = h as [number, number, number, number, number, number, number, number];
  const v4 = `${g >> 8}.${g & 255}.${last >> 8}.${last & 255}`;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0) {
    if (f === 0xffff) return blockedV4(v4); // ::ffff:a.b.c.d, IPv4-mapped
    if (f === 0) return true; // :: and ::1, and the deprecated IPv4-compatible form
  }
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0xffff && f === 0) return blockedV4(v4); // ::ffff:0:a.b.c.d, IPv4-translated
  if (a === 0x0100 && b === 0 && c === 0 && d === 0) return true; // 100::/64 discard-only
  if (a === 0x2001 && b === 0) return true; // 2001::/32 Teredo (carries an IPv4 address)
  if (a === 0x64 && b === 0xff9b) return blockedV4(v4); // 64:ff9b::/96 NAT64
  if ((a & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((a & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((a & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
  if ((a & 0xff00) === 0xff00) return true; // ff00::/8 multicast
  if (a === 0x2001 && b === 0x0db8) return true; // documentation
  if (a === 0x2002) return blockedV4(`${b >> 8}.${b & 255}.${c >> 8}.${c & 255}`); // 6to4
  if (a === 0xfd00 && b === 0x0ec2) return true; // AWS metadata fd00:ec2::254 (inside fc00::/7 anyway)
  return false;
}

/** True when `address` (IPv4 or IPv6 text) may not be called. */
export function isBlockedAddress(address: string): boolean {
  return address.includes(":") ? blockedV6(address) : blockedV4(address);
}

function literalAddress(host: string): string | null {
  if (host.startsWith("[") && host.endsWith("]")) return host.slice(1, -1);
  if (ipv4ToInt(host) !== null) return host;
  return null;
}

async function resolveAll(host: string, timeoutMs: number): Promise<string[]> {
  const signal = AbortSignal.timeout(timeoutMs);
  const [a, aaaa] = await Promise.all([
    Deno.resolveDns(host, "A", { signal }).catch(() => [] as string[]),
    Deno.resolveDns(host, "AAAA", { signal }).catch(() => [] as string[]),
  ]);
  return [...a, ...aaaa];
}

/**
 * Checks a webhook URL; resolves its host and refuses it if any address is in a refused range.
 * Throws {@linkcode UnsafeUrl} with the reason; returns the parsed URL.
 */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy): Promise<URL> {
  return (await resolveWebhookTarget(raw, policy)).url;
}

/** A checked webhook URL and the address to connect to. */
export interface WebhookTarget {
  /** The parsed URL: its host name is what TLS verifies and what `Host` says. */
  url: URL;
  /**
   * The address that was checked, to connect to without resolving the name again (so an answer that
   * changes between the check and the connection, DNS rebinding, cannot reach a refused address);
   * null when the host is on the allow-list, which is trusted to resolve as it likes.
   */
  address: string | null;
}

/**
 * Checks a webhook URL like {@linkcode checkWebhookUrl} and returns the checked address to connect to
 * (the first answer; every answer was checked).
 */
export async function resolveWebhookTarget(raw: string, policy: UrlPolicy): Promise<WebhookTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrl(`"${raw}" is not a URL`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && policy.allowHttp)) {
    throw new UnsafeUrl(`the scheme must be https, not "${url.protocol.replace(":", "")}"`);
  }
  if (url.username || url.password) throw new UnsafeUrl("credentials in the URL are not accepted");
  const host = url.hostname.toLowerCase();
  const allowed = policy.allowHosts.map((h) => h.toLowerCase().replace(/^\[|\]$/g, ""));
  if (allowed.includes(host.replace(/^\[|\]$/g, ""))) return { url, address: null };
  const literal = literalAddress(host);
  // also refuses decimal, octal and hex spellings of addresses, which URL normalises to dotted form
  const addresses = literal
    ? [literal]
    : await (policy.resolve ?? ((h) => resolveAll(h, policy.dnsTimeoutMs ?? 5_000)))(host);
  if (!addresses.length) throw new HostNotResolved(`the host "${host}" does not resolve`);
  for (const a of addresses) {
    if (isBlockedAddress(a) && !allowed.includes(a.toLowerCase())) {
      throw new UnsafeUrl(
        `the host "${host}" resolves to ${a}, a loopback, private, link-local or reserved address`,
      );
    }
  }
  return { url, address: addresses[0]! };
}
