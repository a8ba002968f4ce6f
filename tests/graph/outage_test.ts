/**
 * Neo4j going away for a while, with every service with a graph behind its API running against it
 * (policy, policy-admin, eligibility, sessions, notifications, and the console, whose accounts are in
 * the graph), partner apps calling them with an API key, operators with a token and a person signing
 * in to the console: each answers 503 problem+json with
 * Retry-After (no 500, no hang past the driver's retry window), `/readyz` turns false; when Neo4j is
 * back every service recovers without a restart, what was written before is still there, and the
 * outbox relay publishes what is written after. The test starts (and stops, and restarts) a Neo4j of
 * its own; the run's Neo4j is not touched.
 */
import assert from "node:assert/strict";
import { createGraph } from "@yibao/graph";
import { generateApiKey, issueToken, runService, saveApiKey, scopes } from "@yibao/kit";
import { startNeo4j } from "../../deploy/local/dev/neo4j.ts";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { service as policy } from "../../services/policy/service.ts";
import { service as policyAdmin } from "../../services/policy-admin/service.ts";
import { service as eligibility } from "../../services/eligibility/service.ts";
import { service as notifications } from "../../services/notifications/service.ts";
import { service as sessions } from "../../services/sessions/service.ts";
import { service as consoleService } from "../../services/console/service.ts";
import { eventually, natsUrl, testTokenSecret, unique } from "../harness/mod.ts";
import { newPolicy } from "../policy/_suite.ts";

Deno.test({
  name:
    "Neo4j outage - 503 with Retry-After and /readyz false during it; recovery without a restart, nothing lost",
  // the driver keeps timers for its pool while the database is away; both services are shut down in `finally`
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "yibao-outage-" });
    const port = freePort();
    const password = crypto.randomUUID().replaceAll("-", "");
    let neo4j = await startNeo4j({ dataDir, port, password, heap: "512m" });
    const env = (name: string) =>
      ({
        NEO4J_URI: neo4j.uri,
        NEO4J_PASSWORD: password,
        NATS_URL: natsUrl(),
        AUTH_TOKEN_SECRET: testTokenSecret,
        PORT: "0",
        LOG_LEVEL: "error",
        SHUTDOWN_GRACE_MS: "2000",
      } as Record<string, string>)[name];
    const services = [
      await runService(policy, { env, handleSignals: false }),
      await runService(policyAdmin, { env, handleSignals: false }),
      await runService(eligibility, { env, handleSignals: false }),
      await runService(sessions, { env, handleSignals: false }),
      await runService(notifications, { env, handleSignals: false }),
      await runService(consoleService as never, { env, handleSignals: false }),
    ];
    const [lookup, admin, rules, live, notify, web] = services as [
      typeof services[0],
      typeof services[0],
      typeof services[0],
      typeof services[0],
      typeof services[0],
      typeof services[0],
    ];
    try {
      const operator = await issueToken(testTokenSecret, { sub: "outage-op", role: "operator" });
      const call = async (svc: typeof lookup, path: string, init: RequestInit = {}) => {
        const started = performance.now();
        const res = await svc.app.request(path, {
          ...init,
          headers: {
            authorization: `Bearer ${operator}`,
            "content-type": "application/json",
            ...init.headers,
          },
        });
        return { res, body: await res.json(), ms: performance.now() - started };
      };
      // migrations ran at start-up against the test's own database; the topic the policy names must exist
      await admin.app.request("/healthz");
      const graph = createGraph({ uri: neo4j.uri, user: "neo4j", password, database: "neo4j" });
      const partnerKey = await generateApiKey();
      try {
        await saveApiKey(graph, {
          id: partnerKey.id,
          hash: partnerKey.hash,
          name: "outage partner",
          scopes: [...scopes],
        });
        await graph.write((tx) =>
          tx.run(
            "MERGE (:Region {code: '370602'}) MERGE (:Audience {id: 'insured'}) MERGE (:Audience {id: 'elderly'}) MERGE (:Topic {id: 'outage'})",
          )
        );
      } finally {
        await graph.close();
      }
      const id = unique("outage");
      const created = await call(admin, "/v1/policies", {
        method: "POST",
        body: JSON.stringify(newPolicy(id, "outage", ["370602"])),
      });
      assert.equal(created.res.status, 201, JSON.stringify(created.body));
      const amendmentId = created.body.id as string;

      // the console's sign-in form, fetched before the outage (the page itself needs no graph)
      const loginPage = await web.app.request("/login", { headers: { accept: "text/html" } });
      const presession = (loginPage.headers.get("set-cookie") ?? "").split(";")[0]!;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await loginPage.text())?.[1] ?? "";
      assert.ok(presession.includes("presession") && csrf, "the sign-in form has its CSRF token");

      await neo4j.stop(30_000);
      // a person signing in to the console (its accounts live in the graph), as a JSON client
      const signIn = (async () => {
        const started = performance.now();
        const res = await web.app.request("/login", {
          method: "POST",
          headers: {
            accept: "application/json",
            cookie: presession,
            "content-type": "application/x-www-form-urlencoded",
          },
          body: new URLSearchParams({ _csrf: csrf, login: "outage-person", password: "not-checked-now" }),
        });
        return { res, body: await res.json(), ms: performance.now() - started };
      })();
      const partner = { authorization: `Bearer ${partnerKey.key}` };
      const calls = [
        ["policy", lookup, `/v1/policies/${id}`, partner],
        ["policy-admin", admin, `/v1/amendments/${amendmentId}`, {}],
        ["eligibility", rules, "/v1/benefits?region=370602", partner],
        ["sessions", live, "/v1/sessions", partner],
        ["notifications", notify, "/v1/subscribers", partner],
      ] as const;
      // all at once, as partner apps would: each within the stated bound, none a 500
      const answers = await Promise.all([
        ...calls.map(async ([name, svc, path, headers]) => ({
          name,
          path,
          ...(await call(svc, path, { headers })),
        })),
        signIn.then((r) => ({ name: "console", path: "POST /login", ...r })),
      ]);
      for (const r of answers) {
        const what = `${r.name} ${r.path}`;
        assert.equal(r.res.status, 503, `${what}: ${JSON.stringify(r.body)}`);
        assert.equal(r.res.headers.get("content-type"), "application/problem+json; charset=utf-8", what);
        assert.ok(
          Number(r.res.headers.get("retry-after")) > 0,
          `${what}: Retry-After says when to come back`,
        );
        assert.equal(r.body.code, "unavailable", what);
        // bounded by the driver's retry window (10 s) and one connection attempt: stated as 30 s at most
        assert.ok(r.ms < 30_000, `${what} answered after ${Math.round(r.ms)} ms`);
      }
      for (const svc of services) {
        const ready = await svc.app.request("/readyz");
        assert.equal(ready.status, 503);
        assert.equal((await ready.json()).checks.graph, "down");
      }

      const down = performance.now();
      neo4j = await startNeo4j({ dataDir, port, password, heap: "512m" });
      const back = performance.now();
      let allReady = false;
      while (!allReady && performance.now() - back < 60_000) {
        allReady = (await Promise.all(services.map(async (s) =>
          (await s.app.request("/readyz")).status === 200
        )))
          .every(Boolean);
        if (!allReady) await new Promise((r) => setTimeout(r, 250));
      }
      assert.ok(allReady, "every service is ready again without a restart");
      console.log(
        `[outage] Neo4j away ${Math.round((back - down) / 1000)} s; every /readyz true ${
          Math.round(performance.now() - back)
        } ms after it was back`,
      );
      const again = await call(admin, `/v1/amendments/${amendmentId}`);
      assert.equal(again.res.status, 200);
      assert.equal(again.body.policyId, id, "the draft written before the outage is still there");
      const submitted = await call(admin, `/v1/amendments/${amendmentId}/submit`, { method: "POST" });
      assert.equal(submitted.res.status, 200, JSON.stringify(submitted.body));
      const reviewer = await issueToken(testTokenSecret, { sub: "outage-rev", role: "reviewer" });
      for (const [step, token] of [["approve", reviewer], ["publish", operator]] as const) {
        const r = await call(admin, `/v1/amendments/${amendmentId}/${step}`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}` },
        });
        assert.equal(r.res.status, 200, `${step}: ${JSON.stringify(r.body)}`);
      }
      // the outbox relay, idle through the outage, publishes the publication's events
      const after = createGraph({ uri: neo4j.uri, user: "neo4j", password, database: "neo4j" });
      try {
        assert.ok(
          await eventually(async () =>
            await after.read(async (tx) =>
              (await tx.run(
                "MATCH (e:OutboxEvent {type: 'policy.amendment.published'}) WHERE e.payload CONTAINS $id RETURN e.status AS s",
                { id: amendmentId },
              )).records[0]?.get("s") === "sent"
            ), 20_000),
          "the relay published the event written after the outage",
        );
      } finally {
        await after.close();
      }
    } finally {
      for (const s of services) await s.shutdown().catch(() => {});
      await neo4j.stop(30_000).catch(() => {});
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});
