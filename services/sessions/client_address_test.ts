import assert from "node:assert/strict";
import { clientAddress } from "./client_address.ts";

const proxies = new Set(["10.0.0.5", "10.0.0.6"]);

Deno.test("clientAddress() - X-Forwarded-For counts only behind a trusted proxy", () => {
  assert.equal(clientAddress("203.0.113.9", "198.51.100.1", proxies), "203.0.113.9");
  assert.equal(clientAddress("10.0.0.5", "198.51.100.1", proxies), "198.51.100.1");
  assert.equal(clientAddress("::ffff:10.0.0.5", "198.51.100.1", proxies), "198.51.100.1");
});

Deno.test("clientAddress() - a forged left-hand entry is ignored: the nearest untrusted hop wins", () => {
  assert.equal(clientAddress("10.0.0.5", "1.2.3.4, 198.51.100.1, 10.0.0.6", proxies), "198.51.100.1");
  assert.equal(clientAddress("10.0.0.5", undefined, proxies), "10.0.0.5");
  assert.equal(clientAddress(undefined, "1.2.3.4", proxies), "in-process");
});
