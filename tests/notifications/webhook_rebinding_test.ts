import assert from "node:assert/strict";
import { closePinnedPools } from "../../services/notifications/channels/pinned_post.ts";
import { webhookProvider } from "../../services/notifications/channels/providers.ts";
import type { Outgoing } from "../../services/notifications/channels/providers.ts";

// A self-signed certificate for hook.partner.test only (test fixture, valid until 2126; not a secret).
const CERT = `-----BEGIN CERTIFICATE-----
MIIBrjCCAVOgAwIBAgIUDrvz0fu45vCMu78G5zXqjgsn0ywwCgYIKoZIzj0EAwIw
HDEaMBgGA1UEAwwRaG9vay5wYXJ0bmVyLnRlc3QwIBcNMjYxMTMwMTIzNzMwWhgP
MjEyNjExMDYxMjM3MzBaMBwxGjAYBgNVBAMMEWhvb2sucGFydG5lci50ZXN0MFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEKef3f8y1bbwB2UL89ggPKmxwtqw+Lj03
NGOHklHdcn7j88HY46P6Aw+UB/LxfPHTH9ycKwWv67LKxp85nbMcPaNxMG8wHQYD
VR0OBBYEFF2A0Age2Ct+wqPe/YA3X6NLwCL6MB8GA1UdIwQYMBaAFF2A0Age2Ct+
wqPe/YA3X6NLwCL6MA8GA1UdEwEB/wQFMAMBAf8wHAYDVR0RBBUwE4IRaG9vay5w
YXJ0bmVyLnRlc3QwCgYIKoZIzj0EAwIDSQAwRgIhAIvWoKHoEw0agM3MHnQ3lwRD
itN4r87T2yuNzcWrSWQxAiEAyMl16jB03a+mf99m3wyiGpVJ+QdDsqXZV1Zl9zLK
zek=
-----END CERTIFICATE-----`;
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgkzzvxdx7c8W7lnBW
UBpRm/k7Z0TI5EzaIo1EkzNAk9uhRANCAAQp5/d/zLVtvAHZQvz2CA8qbHC2rD4u
PTc0Y4eSUd1yfuPzwdjjo/oDD5QH8vF88dMf3JwrBa/rssrGnzmdsxw9
-----END PRIVATE KEY-----`;

/** A server that counts what reaches it and echoes the Host header it was asked for. */
function server(tls: boolean, hostname = "127.0.0.1", port = 0) {
  const seen: string[] = [];
  const srv = Deno.serve(
    { port, hostname, onListen() {}, ...(tls ? { cert: CERT, key: KEY } : {}) },
    async (req) => {
      await req.text();
      seen.push(req.headers.get("host") ?? "");
      return new Response(null, { status: 204 });
    },
  );
  // the provider's kept-alive connections close first, so the server's shutdown need not wait for them
  return {
    seen,
    port: srv.addr.port,
    close: () => {
      closePinnedPools();
      return srv.shutdown();
    },
  };
}

/** A resolver the test controls: answers from the list in turn (the last repeats), counting calls. */
function resolver(...answers: string[][]) {
  const calls: string[] = [];
  return {
    calls,
    resolve: (host: string) => {
      calls.push(host);
      return Promise.resolve(answers[Math.min(calls.length - 1, answers.length - 1)]!);
    },
  };
}

const message = (address: string): Outgoing => ({
  deliveryId: "d1",
  eventId: "e1",
  eventType: "policy.amendment.published",
  channel: "webhook",
  address,
  language: "zh-CN",
  message: { title: "t", body: "b" },
  webhook: { body: "{}", secrets: ["whsec_" + btoa("0123456789abcdef0123456789abcdef")] },
} as Outgoing);

Deno.test("webhook delivery - DNS rebinding: a name that answers public to the check and loopback to the connection never reaches loopback", async () => {
  const target = server(false);
  // The check's resolver says a public address; the system's resolver says 127.0.0.1 for "localhost":
  // connecting by name again (as fetch does) would reach the loopback server.
  const dns = resolver(["203.0.114.1"], ["127.0.0.1"]);
  try {
    const provider = webhookProvider({ allowHttp: true, allowHosts: [], resolve: dns.resolve }, 500);
    const r = await provider.send(message(`http://localhost:${target.port}/hook`));
    assert.equal(target.seen.length, 0, "the loopback server must not be reached");
    assert.equal(r.status, 0, JSON.stringify(r));
    assert.deepEqual(dns.calls, ["localhost"], "the name is resolved once, for the check");
  } finally {
    await target.close();
  }
});

Deno.test("webhook delivery - connects to the checked address, keeping the host name in Host", async () => {
  const target = server(false);
  const dns = resolver(["127.0.0.1"], ["10.0.0.1"]);
  try {
    // The address (not the name) is allowed, as in development; the name resolves only through the test.
    const provider = webhookProvider(
      { allowHttp: true, allowHosts: ["127.0.0.1"], resolve: dns.resolve },
      2_000,
    );
    const r = await provider.send(message(`http://hook.partner.test:${target.port}/hook`));
    assert.equal(r.status, 204, JSON.stringify(r));
    assert.deepEqual(target.seen, [`hook.partner.test:${target.port}`]);
    assert.equal(dns.calls.length, 1);
  } finally {
    await target.close();
  }
});

Deno.test("webhook delivery - TLS to the pinned address is verified against the URL's host name", async () => {
  const target = server(true);
  const dns = resolver(["127.0.0.1"]);
  try {
    const provider = webhookProvider(
      { allowHttp: false, allowHosts: ["127.0.0.1"], resolve: dns.resolve },
      2_000,
      [CERT],
    );
    const good = await provider.send(message(`https://hook.partner.test:${target.port}/hook`));
    assert.equal(good.status, 204, JSON.stringify(good));
    const wrongName = await provider.send(message(`https://evil.partner.test:${target.port}/hook`));
    assert.equal(wrongName.status, 0);
    assert.match(wrongName.error ?? "", /altnames|certificate/i);
    assert.equal(target.seen.length, 1, "a certificate for another name gets no request");
  } finally {
    await target.close();
  }
});

Deno.test("webhook delivery - a kept-alive connection is reused only for its own checked address: a name that now resolves elsewhere gets a new connection there", async () => {
  const first = server(false, "127.0.0.1");
  // the same port on another loopback address: one URL, two servers, told apart by the address
  const second = server(false, "127.0.0.2", first.port);
  const dns = resolver(["127.0.0.1"], ["127.0.0.1"], ["127.0.0.2"]);
  try {
    const provider = webhookProvider(
      { allowHttp: true, allowHosts: ["127.0.0.1", "127.0.0.2"], resolve: dns.resolve },
      2_000,
    );
    const url = `http://hook.partner.test:${first.port}/hook`;
    for (let i = 0; i < 3; i++) {
      const r = await provider.send(message(url));
      assert.equal(r.status, 204, JSON.stringify(r));
    }
    assert.equal(first.seen.length, 2, "the first two sends go to the first address");
    assert.equal(second.seen.length, 1, "the third, checked against the new address, goes there");
    assert.equal(dns.calls.length, 3);
  } finally {
    await second.close();
    await first.close();
  }
});
