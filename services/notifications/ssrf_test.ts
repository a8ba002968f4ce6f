import assert from "node:assert/strict";
import { checkWebhookUrl, isBlockedAddress, UnsafeUrl } from "./ssrf.ts";

Deno.test("isBlockedAddress() - refuses loopback, private, link-local, metadata, CGNAT and their IPv6 forms", () => {
  for (
    const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "100.127.255.254",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "::1",
      "::",
      "fc00::1",
      "fd12:3456::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:169.254.169.254",
      "64:ff9b::a9fe:a9fe",
      "2002:7f00:1::",
      "fd00:ec2::254",
    ]
  ) assert.equal(isBlockedAddress(a), true, a);
});

Deno.test("isBlockedAddress() - lets public addresses through", () => {
  for (const a of ["8.8.8.8", "172.32.0.1", "100.128.0.1", "203.0.114.1", "2400:3200::1", "::ffff:8.8.8.8"]) {
    assert.equal(isBlockedAddress(a), false, a);
  }
});

const policy = {
  allowHttp: false,
  allowHosts: [] as string[],
  resolve: (h: string) =>
    Promise.resolve(
      h === "public.example"
        ? ["93.184.215.14"]
        : h === "rebind.example"
        ? ["93.184.215.14", "10.0.0.5"]
        : [],
    ),
};

Deno.test("checkWebhookUrl() - https to a public host passes; http, private answers, literals and credentials are refused", async () => {
  assert.equal((await checkWebhookUrl("https://public.example/hook", policy)).hostname, "public.example");
  for (
    const [url, why] of [
      ["http://public.example/hook", /scheme must be https/],
      ["ftp://public.example/", /scheme/],
      ["https://rebind.example/", /10\.0\.0\.5/],
      ["https://127.0.0.1/", /127\.0\.0\.1/],
      ["https://2130706433/", /127\.0\.0\.1/],
      ["https://0x7f.1/", /127\.0\.0\.1/],
      ["https://[::ffff:169.254.169.254]/", /ffff/],
      ["https://169.254.169.254/latest/meta-data", /169\.254\.169\.254/],
      ["https://user:pw@public.example/", /credentials/],
      ["https://nowhere.example/", /does not resolve/],
      ["not a url", /not a URL/],
    ] as const
  ) {
    await assert.rejects(
      checkWebhookUrl(url, policy),
      (e: Error) => e instanceof UnsafeUrl && why.test(e.message),
      url,
    );
  }
});

Deno.test("checkWebhookUrl() - the allow-list admits http and loopback for development", async () => {
  const dev = { ...policy, allowHttp: true, allowHosts: ["127.0.0.1"] };
  assert.equal((await checkWebhookUrl("http://127.0.0.1:9999/x", dev)).port, "9999");
  await assert.rejects(checkWebhookUrl("http://10.0.0.1/x", dev), UnsafeUrl);
});

Deno.test("isBlockedAddress() - IPv4-translated, Teredo and discard-only IPv6 forms are refused", () => {
  for (
    const a of ["::ffff:0:127.0.0.1", "::ffff:0:7f00:1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "100::1"]
  ) {
    assert.equal(isBlockedAddress(a), true, a);
  }
  assert.equal(isBlockedAddress("2400:3200::1"), false, "a public address passes");
});
