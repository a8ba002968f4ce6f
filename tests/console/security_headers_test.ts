import assert from "node:assert/strict";
import { Hono } from "hono";
import { contentSecurityPolicy, securityHeaders } from "../../services/console/security_headers.ts";

const csp =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

Deno.test("securityHeaders() - every page gets the CSP without unsafe-inline and the other headers", async () => {
  const app = new Hono();
  app.use("*", securityHeaders());
  app.get("/", (c) => c.html("<p>hi</p>"));
  const res = await app.request("/");
  assert.equal(res.headers.get("content-security-policy"), csp);
  assert.equal(res.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  assert.equal(res.headers.get("cross-origin-opener-policy"), "same-origin");
  assert.doesNotMatch(csp, /unsafe/);
});

Deno.test("securityHeaders() - a route may allow framing by configured origins over the app-wide default", async () => {
  const app = new Hono();
  app.use("*", securityHeaders());
  app.get(
    "/embed/live",
    securityHeaders({ frameAncestors: ["https://partner.example", "http://127.0.0.1:9000"] }),
    (c) => c.html("<p>live</p>"),
  );
  app.get("/other", (c) => c.html("<p>other</p>"));
  const embed = await app.request("/embed/live");
  assert.match(
    embed.headers.get("content-security-policy")!,
    /; frame-ancestors https:\/\/partner\.example http:\/\/127\.0\.0\.1:9000$/,
  );
  const other = await app.request("/other");
  assert.match(other.headers.get("content-security-policy")!, /frame-ancestors 'none'$/);
  assert.throws(() => contentSecurityPolicy(["https://x.example; script-src *"]), /not an origin/);
});

Deno.test("securityHeaders() - a response with immutable headers still gets them", async () => {
  const app = new Hono();
  app.use("*", securityHeaders());
  app.get("/proxied", () => Response.redirect("http://127.0.0.1/elsewhere", 302));
  const res = await app.request("/proxied");
  assert.equal(res.status, 302);
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
});
