import { createHmac, createSecretKey, type KeyObject } from "node:crypto";
/**
 * @module
 * Signed audience tokens: the identity of an audience member without an account.
 *
 * 1. The service issues them (`POST /v1/audience-tokens`); a client never makes one up.
 * 2. A token is `yat1.<id>.<issuedAt>.<expiresAt>.<signature>`: a random 128-bit id (base64url),
 *    the issue and expiry instants in Unix seconds, and HMAC-SHA256 over everything before the last
 *    dot, keyed by a key derived from `AUTH_TOKEN_SECRET` for this one purpose.
 * 3. Verification recomputes the signature (constant-time comparison) and refuses expired tokens
 *    and tokens issued in the future (beyond a minute of clock skew).
 */

const prefix = "yat1";
const skewSeconds = 60;

/** A verified token's contents. */
export interface AudienceToken {
  id: string;
  issuedAt: number;
  expiresAt: number;
}

/** Why a token was refused. */
export type TokenRefusal = "malformed" | "forged" | "expired";

function b64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const keys = new Map<string, KeyObject>();
function keyFor(secret: string): KeyObject {
  let k = keys.get(secret);
  if (!k) {
    k = createSecretKey(new TextEncoder().encode(`yibao-audience-token:${secret}`));
    keys.set(secret, k);
  }
  return k;
}

/**
 * HMAC-SHA256, base64url without padding. Synchronous (`node:crypto`): WebCrypto's asynchronous
 * `sign` and `digest` were the largest items of a sessions instance's profile under the vote
 * benchmark (together about 13% of its time), for a few microseconds of hashing each.
 */
function sign(secret: string, payload: string): Promise<string> {
  return Promise.resolve(createHmac("sha256", keyFor(secret)).update(payload).digest("base64url"));
}

/** Issues a token valid for `ttlSeconds`. */
export async function issueAudienceToken(
  secret: string,
  options: { ttlSeconds: number; now?: number },
): Promise<AudienceToken & { token: string }> {
  const issuedAt = Math.floor((options.now ?? Date.now()) / 1000);
  const expiresAt = issuedAt + options.ttlSeconds;
  const id = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const payload = `${prefix}.${id}.${issuedAt}.${expiresAt}`;
  return { token: `${payload}.${await sign(secret, payload)}`, id, issuedAt, expiresAt };
}

/** Verifies a token; returns its contents or why it is refused. */
export async function verifyAudienceToken(
  secret: string,
  token: string,
  now = Date.now(),
): Promise<AudienceToken | TokenRefusal> {
  const m = /^yat1\.([A-Za-z0-9_-]{22})\.(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return "malformed";
  const [, id, iat, exp, sig] = m;
  const expected = await sign(secret, `${prefix}.${id}.${iat}.${exp}`);
  let diff = expected.length ^ sig!.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ (sig!.charCodeAt(i) || 0);
  if (diff !== 0) return "forged";
  const seconds = Math.floor(now / 1000);
  const issuedAt = Number(iat);
  const expiresAt = Number(exp);
  if (expiresAt <= seconds || issuedAt > seconds + skewSeconds) return "expired";
  return { id: id!, issuedAt, expiresAt };
}
