/**
 * Password hashes as OWASP's Password Storage Cheat Sheet asks for PBKDF2: HMAC-SHA256 with 600,000
 * iterations and a 16-byte random salt per password, through WebCrypto. Stored as
 * `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`, so the iteration count can rise later and old
 * hashes still verify (and are re-hashed at the next sign-in, see {@linkcode needsRehash}).
 */

/** The iteration count for new hashes (OWASP 2023+: at least 600,000 for PBKDF2-HMAC-SHA256). */
export const pbkdf2Iterations = 600_000;

const encoder = new TextEncoder();

function b64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function unb64(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(password.normalize("NFC")),
    "PBKDF2",
    false,
    [
      "deriveBits",
    ],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

/** Hashes a password for storage. */
export async function hashPassword(password: string, iterations = pbkdf2Iterations): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `pbkdf2-sha256$${iterations}$${b64(salt)}$${b64(await derive(password, salt, iterations))}`;
}

/** True when `password` matches `stored`; compares in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = /^pbkdf2-sha256\$(\d{1,8})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return false;
  const expected = unb64(m[3]!);
  const actual = await derive(password, unb64(m[2]!), Number(m[1]));
  if (actual.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= actual[i]! ^ expected[i]!;
  return diff === 0;
}

/** True when a stored hash uses fewer iterations than new hashes do. */
export function needsRehash(stored: string): boolean {
  const m = /^pbkdf2-sha256\$(\d+)\$/.exec(stored);
  return !m || Number(m[1]) < pbkdf2Iterations;
}

/** A hash of a random password, verified against when a login is unknown, so timing says nothing. */
export const decoyHash: Promise<string> = hashPassword(crypto.randomUUID());

/** Why a new password is refused, or null when it is acceptable (length 10–200, as OWASP suggests). */
export function passwordProblem(password: string): { zh: string; en: string } | null {
  const n = [...password].length;
  if (n < 10) return { zh: "密码至少 10 个字符", en: "Use at least 10 characters" };
  if (n > 200) return { zh: "密码不能超过 200 个字符", en: "Use at most 200 characters" };
  return null;
}
