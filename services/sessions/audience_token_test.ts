import assert from "node:assert/strict";
import { issueAudienceToken, verifyAudienceToken } from "./audience_token.ts";

const secret = "a-test-secret-of-at-least-32-characters!";

Deno.test("audience tokens - an issued token verifies until it expires", async () => {
  const t = await issueAudienceToken(secret, { ttlSeconds: 60, now: 1_000_000_000 });
  const ok = await verifyAudienceToken(secret, t.token, 1_000_030_000);
  assert.deepEqual(ok, { id: t.id, issuedAt: t.issuedAt, expiresAt: t.expiresAt });
  assert.equal(await verifyAudienceToken(secret, t.token, 1_000_060_000), "expired");
});

Deno.test("audience tokens - another secret, a changed expiry or a made-up string is refused", async () => {
  const t = await issueAudienceToken(secret, { ttlSeconds: 60 });
  assert.equal(await verifyAudienceToken(`${secret}x`, t.token), "forged");
  const [p, id, iat, exp, sig] = t.token.split(".");
  assert.equal(await verifyAudienceToken(secret, [p, id, iat, Number(exp) + 3600, sig].join(".")), "forged");
  assert.equal(await verifyAudienceToken(secret, "client-token-1-xxxxxxxx"), "malformed");
});
