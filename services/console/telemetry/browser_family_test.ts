import assert from "node:assert/strict";
import { browserFamily } from "./browser_family.ts";

Deno.test("browserFamily() - Faro's browser names map to five families", () => {
  const cases: [string, string][] = [
    ["Chrome", "chrome"],
    ["Mobile Chrome", "chrome"],
    ["Chrome Headless", "chrome"],
    ["Chromium", "chrome"],
    ["Edge", "edge"],
    ["Firefox", "firefox"],
    ["Mobile Firefox", "firefox"],
    ["Safari", "safari"],
    ["Mobile Safari", "safari"],
    ["Opera", "other"],
    ["WeChat", "other"],
  ];
  for (const [name, family] of cases) assert.equal(browserFamily(name, undefined), family, name);
});

Deno.test("browserFamily() - without a name, the user agent decides", () => {
  const ua = {
    chrome:
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    edge:
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    firefox: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    safari:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    other: "curl/8.5.0",
  };
  for (const [family, agent] of Object.entries(ua)) assert.equal(browserFamily(undefined, agent), family);
  assert.equal(browserFamily(undefined, undefined), "other");
});
