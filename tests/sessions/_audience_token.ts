/** Audience tokens made as the sessions service makes them, for tests and benches that know its secret. */
import { createHash, createHmac } from "node:crypto";

/**
 * A signed audience token for `label` (the same label, the same audience member), valid for
 * `ttlSeconds` (negative: already expired), signed with `secret` as the sessions service signs.
 */
export function signedAudienceToken(secret: string, label: string | number, ttlSeconds = 3600): string {
  const id = createHash("sha256").update(`audience:${label}`).digest("base64url").slice(0, 22);
  const now = Math.floor(Date.now() / 1000);
  const payload = `yat1.${id}.${now - Math.max(0, -ttlSeconds) - 60}.${now + ttlSeconds}`;
  const sig = createHmac("sha256", `yibao-audience-token:${secret}`).update(payload).digest("base64url");
  return `${payload}.${sig}`;
}
