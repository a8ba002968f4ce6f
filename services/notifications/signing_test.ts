import assert from "node:assert/strict";
import { Webhook } from "standardwebhooks";
import { newWebhookSecret, webhookHeaders } from "./signing.ts";

Deno.test("webhookHeaders() - the standardwebhooks package verifies the signature, and refuses a changed body", async () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ id: "evt-1", type: "policy.amendment.published", data: { 金额: 800 } });
  const headers = await webhookHeaders([secret], "evt-1", body);
  assert.deepEqual(new Webhook(secret).verify(body, headers), JSON.parse(body));
  assert.throws(() => new Webhook(secret).verify(body.replace("800", "900"), headers));
  assert.throws(() => new Webhook(newWebhookSecret()).verify(body, headers));
});

Deno.test("webhookHeaders() - during a rotation both the old and the new secret verify", async () => {
  const [oldSecret, newSecret] = [newWebhookSecret(), newWebhookSecret()];
  const body = '{"x":1}';
  const headers = await webhookHeaders([newSecret, oldSecret], "evt-2", body);
  assert.equal(headers["webhook-signature"]!.split(" ").length, 2);
  new Webhook(oldSecret).verify(body, headers);
  new Webhook(newSecret).verify(body, headers);
});
