/**
 * Console sessions over HTTP against the real Neo4j: the cookie's attributes (HttpOnly, SameSite,
 * Secure only over https), absolute expiry however busy the session, sign-out ending the session in
 * the graph (an old cookie is worthless), the sign-in page's own CSRF token, and a `next` that can
 * only point inside the console.
 */
import assert from "node:assert/strict";
import { type RunningService } from "@yibao/kit";
import { createAccount } from "../../services/console/accounts/mod.ts";
import { testGraph, unique } from "../harness/mod.ts";
import { startConsole } from "./_console.ts";
import { ConsoleClient } from "./_client.ts";

async function withConsole(
  env: Record<string, string>,
  fn: (svc: RunningService, person: { login: string; password: string; id: string }) => Promise<void>,
): Promise<void> {
  const graph = testGraph();
  const svc = await startConsole(env);
  try {
    const login = unique("sess").toLowerCase();
    const password = crypto.randomUUID();
    const a = await createAccount(graph, { login, name: "会话测试", role: "reviewer", password });
    await fn(svc, { login, password, id: a.id });
  } finally {
    await svc.shutdown();
    await graph.close();
  }
}

Deno.test("console sessions - the cookie is HttpOnly and SameSite, and Secure only over https", async () => {
  await withConsole({ CONSOLE_TRUST_PROXY: "true" }, async (svc, who) => {
    const plain = new ConsoleClient(svc.app);
    await plain.get("/login");
    const res = await plain.post("/login", { login: who.login, password: who.password, next: "/status" });
    assert.equal(res.status, 303);
    assert.equal(res.location, "/status");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("yb_session="))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.doesNotMatch(cookie, /Secure/);

    const tls = new ConsoleClient({
      request: (path, init) => {
        const headers = new Headers(init?.headers);
        headers.set("x-forwarded-proto", "https");
        return svc.app.request(path, { ...init, headers });
      },
    });
    await tls.get("/login");
    const secure = await tls.post("/login", { login: who.login, password: who.password });
    assert.match(secure.headers.getSetCookie().find((c) => c.startsWith("yb_session="))!, /Secure/);
  });
});

Deno.test("console sessions - a session ends at its absolute expiry however busy it is", async () => {
  await withConsole({}, async (svc, who) => {
    const c = new ConsoleClient(svc.app);
    await c.signIn(who.login, who.password);
    assert.equal((await c.get("/status")).status, 200);
    const graph = testGraph();
    try {
      await graph.write((tx) =>
        tx.run(
          "MATCH (s:ConsoleSession {accountId: $id}) SET s.expiresAt = datetime() - duration('PT1S'), s.lastSeenAt = datetime()",
          { id: who.id },
        )
      );
    } finally {
      await graph.close();
    }
    const res = await c.get("/amendments?state=submitted");
    assert.equal(res.status, 303);
    assert.equal(res.location, "/login?next=%2Famendments%3Fstate%3Dsubmitted&reason=expired");
  });
});

Deno.test("console sessions - signing out ends the session in the graph: the old cookie no longer works", async () => {
  await withConsole({}, async (svc, who) => {
    const c = new ConsoleClient(svc.app);
    await c.signIn(who.login, who.password);
    const cookie = c.cookies.get("yb_session")!.value;
    await c.get("/status");
    const out = await c.post("/logout", {});
    assert.equal(out.status, 303);
    assert.equal(out.location, "/login?reason=signedOut");
    const replay = await svc.app.request("/amendments", {
      headers: { cookie: `yb_session=${cookie}`, accept: "text/html" },
    });
    assert.equal(replay.status, 303);
    assert.match(replay.headers.get("location")!, /^\/login\?next=%2Famendments&reason=expired$/);
    const graph = testGraph();
    try {
      const left = await graph.read(async (tx) =>
        (await tx.run("MATCH (s:ConsoleSession {accountId: $id}) RETURN count(s) AS n", { id: who.id }))
          .records[0]!
          .get("n")
      );
      assert.equal(Number(left), 0);
    } finally {
      await graph.close();
    }
  });
});

Deno.test("console sign-in - its form needs the page's own token, and next stays inside the console", async () => {
  await withConsole({}, async (svc, who) => {
    const c = new ConsoleClient(svc.app);
    await c.get("/login");
    const forged = await c.post("/login", { login: who.login, password: who.password }, { csrf: "forged" });
    assert.equal(forged.status, 403);
    assert.equal(c.cookies.has("yb_session"), false);
    await c.get("/login");
    for (const next of ["https://evil.example/", "//evil.example/x", "/\\evil.example"]) {
      await c.get("/login");
      const res = await c.post("/login", { login: who.login, password: who.password, next });
      assert.equal(res.status, 303);
      assert.equal(res.location, "/", `next=${next}`);
    }
  });
});
