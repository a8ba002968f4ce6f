/**
 * `./dev start`'s credentials against the real Neo4j: the token of every role and the console
 * account of that role are one person (the token's `sub` is the account's id, as in the tokens the
 * console mints for it), a `.run/dev.json` from before (tokens with `sub: "dev-host"`) is repaired and
 * a second run keeps everything; and a session a developer makes with `tokens.host` through the
 * sessions API opens in the console host's live room. Each test uses logins of its own, so the
 * developer accounts of a shared graph (`dev-host` …) are never touched.
 */
import assert from "node:assert/strict";
import { issueToken, type Role, roles, verifyToken } from "@yibao/kit";
import { type DevCredentials, ensureDevPeople, ensureSecrets } from "../../deploy/local/dev/credentials.ts";
import { findForSignIn } from "../../services/console/accounts/mod.ts";
import { testGraph, testTokenSecret, unique } from "../harness/mod.ts";
import { call, newSession, ownPlaces, startSessions } from "../sessions/_suite.ts";
import { startConsole } from "../console/_console.ts";
import { ConsoleClient, visibleText } from "../console/_client.ts";

/** A `.run/dev.json`'s credentials as `./dev start` wrote them before accounts and tokens were joined. */
async function olderDevJson(): Promise<Partial<DevCredentials>> {
  const consoleAccounts = {} as Record<Role, { login: string; name: string; password: string }>;
  const tokens = {} as Record<Role, string>;
  for (const role of roles) {
    consoleAccounts[role] = {
      login: unique(`dev-${role}`),
      name: `开发测试 ${role}`,
      password: crypto.randomUUID(),
    };
    tokens[role] = await issueToken(testTokenSecret, { sub: `dev-${role}`, role, name: `开发测试 ${role}` }, {
      ttlSeconds: 30 * 24 * 3600,
    });
  }
  return { tokenSecret: testTokenSecret, consoleAccounts, tokens } as Partial<DevCredentials>;
}

Deno.test("./dev start credentials - each role's token is its console account's person; an older dev.json is repaired, a second run keeps it", async () => {
  const graph = testGraph();
  try {
    const before = await olderDevJson();
    const first = await ensureDevPeople(graph, await ensureSecrets(before), before.tokens);
    for (const role of roles) {
      const account = await findForSignIn(graph, before.consoleAccounts![role]!.login);
      assert.ok(account, `the ${role} console account exists`);
      assert.equal(account.role, role);
      const claims = await verifyToken(testTokenSecret, first.tokens[role]);
      assert.ok(claims, `the ${role} token is valid`);
      assert.equal(claims.sub, account.id, `the ${role} token's subject is the console ${role}'s account id`);
      assert.equal(claims.name, account.name);
      assert.equal(claims.role, role);
      assert.equal(first.consoleAccounts[role].id, account.id);
      assert.notEqual(first.tokens[role], before.tokens![role], `the older ${role} token is re-issued`);
    }

    // the dev.json just written, read back by the next `./dev start`: nothing changes
    const written = JSON.parse(JSON.stringify(first)) as DevCredentials;
    const second = await ensureDevPeople(graph, await ensureSecrets(written), written.tokens);
    assert.deepEqual(second.tokens, first.tokens);
    assert.deepEqual(second.consoleAccounts, first.consoleAccounts);
  } finally {
    await graph.close();
  }
});

Deno.test("./dev start credentials - a session made with tokens.host opens in the console host's live room", async () => {
  const graph = testGraph();
  const sessions = await startSessions(1, { LOG_LEVEL: "error" });
  const web = await startConsole({
    CONSOLE_SERVICES: `sessions=http://127.0.0.1:${sessions.instances[0]!.port}`,
  });
  try {
    const before = await olderDevJson();
    const creds = await ensureDevPeople(graph, await ensureSecrets(before), before.tokens);
    const host = creds.consoleAccounts.host;

    // a developer schedules a session with the host token, as a partner app would
    const created = await call(sessions.instances[0]!, "POST", "/v1/sessions", {
      token: creds.tokens.host,
      body: newSession({ id: host.id, name: host.name }, await ownPlaces()),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));

    // the console host signs in and opens it
    const browser = new ConsoleClient(web.app);
    await browser.signIn(host.login, host.password);
    const live = await browser.get(`/host/sessions/${created.body.id}/live`);
    assert.equal(live.status, 200, visibleText(live.text).slice(0, 400));
    assert.match(visibleText(live.text), /直播间：跨省异地就医直播答疑/);
    assert.equal(created.body.host.id, host.id, "the session's host is the console host account");
  } finally {
    await web.shutdown();
    await sessions.stop();
    await graph.close();
  }
});
