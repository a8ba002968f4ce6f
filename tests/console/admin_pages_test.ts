/**
 * The console's admin pages over HTTP, against the real Neo4j and NATS: people (add, change role,
 * disable, self-protection), partner API keys (issued once, working against the real policy
 * service, revoked), the CSRF and role guards, and the audit page and its CSV export fed by the
 * real policy-admin service.
 */
import assert from "node:assert/strict";
import { issueToken, type RunningService, runService } from "@yibao/kit";
import { createAccount } from "../../services/console/accounts/mod.ts";
import { service as consoleService } from "../../services/console/service.ts";
import { service as policyService } from "../../services/policy/service.ts";
import { service as policyAdminService } from "../../services/policy-admin/service.ts";
import { serviceEnv, testGraph, testTokenSecret, unique } from "../harness/mod.ts";
import { newPolicy, ownTopic } from "../policy/_suite.ts";
import { ConsoleClient, visibleText } from "./_client.ts";

/** Fails with the text's start when `part` is not in it. */
function includes(text: string, part: string, message?: string): void {
  assert.ok(
    text.includes(part),
    message ?? `expected ${JSON.stringify(part)} in ${JSON.stringify(text.slice(0, 3000))}`,
  );
}

/** RFC 4180 parsing, written here so the test does not trust the code it checks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === "") quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

Deno.test("parseCsv() - reads quoted commas, doubled quotes and line breaks", () => {
  assert.deepEqual(parseCsv('a,"b,c","say ""hi""","x\ny"\r\n1,,3,4\r\n'), [
    ["a", "b,c", 'say "hi"', "x\ny"],
    ["1", "", "3", "4"],
  ]);
});

const password = "correct horse battery";

Deno.test({
  name: "console admin pages - people, API keys and audit, over HTTP with the real services",
  async fn(t) {
    const graph = testGraph();
    const made = { accounts: [] as string[], keys: [] as string[] };
    const env = serviceEnv();
    const admin = await runService(policyAdminService, { env, handleSignals: false });
    let policy: RunningService | undefined = await runService(policyService, { env, handleSignals: false });
    const consoleApp = await runService(consoleService, {
      env: serviceEnv({
        CONSOLE_SERVICES:
          `policy-admin=http://127.0.0.1:${admin.port},policy=http://127.0.0.1:${policy.port}`,
      }),
      handleSignals: false,
    });
    try {
      const adminAccount = await createAccount(graph, {
        login: unique("adm"),
        name: "测试管理员",
        role: "admin",
        password,
      });
      const reviewerAccount = await createAccount(graph, {
        login: unique("rev"),
        name: "测试审核员",
        role: "reviewer",
        password,
      });
      made.accounts.push(adminAccount.id, reviewerAccount.id);
      const boss = new ConsoleClient(consoleApp.app);
      await boss.signIn(adminAccount.login, password);

      let personId = "";
      const personLogin = unique("ops");
      const person = new ConsoleClient(consoleApp.app);

      await t.step("an admin adds a person; errors sit next to their fields", async () => {
        const list = await boss.get("/admin/people");
        assert.equal(list.status, 200);
        includes(list.text, adminAccount.login);

        const short = await boss.post("/admin/people", {
          login: personLogin,
          name: "王小运",
          role: "operator",
          password: "short",
        });
        assert.equal(short.status, 400);
        assert.match(short.text, /密码至少 10 个字符<\/p>/);
        assert.ok(!short.text.includes('value="short"'), "a refused password is never shown again");
        includes(short.text, `value="${personLogin}"`);

        const created = await boss.post("/admin/people", {
          login: personLogin,
          name: "王小运",
          role: "operator",
          password,
        });
        assert.equal(created.status, 303);
        assert.match(created.location ?? "", /^\/admin\/people\?done=created&id=acct-/);
        personId = new URL(created.location!, "http://x").searchParams.get("id")!;
        made.accounts.push(personId);
        const after = await boss.get(created.location!);
        includes(visibleText(after.text), "已添加 王小运。");
        includes(after.text, personLogin);

        const taken = await boss.post("/admin/people", {
          login: personLogin,
          name: "另一个人",
          role: "host",
          password,
        });
        assert.equal(taken.status, 409);
        // the error is inside the login field's block, not only at the top
        assert.match(
          taken.text,
          new RegExp(
            `name="login"[^>]*value="${personLogin}"[^>]*/?>\\s*<p class="error"[^>]*>账号“${personLogin}”已被使用`,
          ),
        );
      });

      await t.step("an admin changes a role; the person's next request has it", async () => {
        await person.signIn(personLogin, password);
        assert.equal((await person.get("/audit")).status, 200);
        await boss.get("/admin/people");
        const changed = await boss.post(`/admin/people/${personId}/role`, { role: "reviewer" });
        assert.equal(changed.status, 303);
        const page = visibleText((await boss.get(changed.location!)).text);
        includes(page, "已将 王小运 的角色改为审核人员");
        const role = await graph.read(async (tx) =>
          (await tx.run("MATCH (a:ConsoleAccount {id: $id}) RETURN a.role AS r", { id: personId })).records[0]
            ?.get("r")
        );
        assert.equal(role, "reviewer");
        includes(visibleText((await person.get("/audit")).text), "王小运（审核人员）");
      });

      await t.step("disabling ends the person's session at once", async () => {
        await boss.get("/admin/people");
        const disabled = await boss.post(`/admin/people/${personId}/disable`, {});
        assert.equal(disabled.status, 303);
        includes(visibleText((await boss.get(disabled.location!)).text), "已停用 王小运");
        const refused = await person.get("/audit");
        assert.equal(refused.status, 303);
        assert.match(refused.location ?? "", /^\/login\?.*reason=expired/);
        // re-enabled, they can sign in again
        await boss.get("/admin/people");
        assert.equal((await boss.post(`/admin/people/${personId}/enable`, {})).status, 303);
        await person.signIn(personLogin, password);
      });

      await t.step("an admin can neither disable themselves nor drop their own admin role", async () => {
        await boss.get("/admin/people");
        const self = await boss.post(`/admin/people/${adminAccount.id}/disable`, {});
        assert.equal(self.status, 409);
        includes(visibleText(self.text), "您不能停用自己的账号");
        const demote = await boss.post(`/admin/people/${adminAccount.id}/role`, { role: "operator" });
        assert.equal(demote.status, 409);
        includes(visibleText(demote.text), "您不能取消自己的管理员角色");
        assert.equal((await boss.get("/admin/people")).status, 200, "still signed in as an admin");
      });

      await t.step("a POST without the CSRF token gets the 403 page", async () => {
        const res = await boss.post("/admin/people", {
          login: unique("csrf"),
          name: "不应创建",
          role: "host",
          password,
        }, { csrf: false });
        assert.equal(res.status, 403);
        includes(visibleText(res.text), "请求已被拒绝");
        const wrong = await boss.post(`/admin/people/${personId}/disable`, {}, { csrf: "x".repeat(43) });
        assert.equal(wrong.status, 403);
      });

      await t.step("a reviewer opening the admin pages gets the 403 page", async () => {
        const reviewer = new ConsoleClient(consoleApp.app);
        await reviewer.signIn(reviewerAccount.login, password);
        for (const path of ["/admin/people", "/admin/api-keys"]) {
          const res = await reviewer.get(path);
          assert.equal(res.status, 403, path);
          includes(visibleText(res.text), "没有权限");
        }
      });

      await t.step("an API key is shown once, works against the policy service, and is revoked", async () => {
        await boss.get("/admin/api-keys");
        const none = await boss.post("/admin/api-keys", { name: "没有权限的密钥" });
        assert.equal(none.status, 400);
        includes(visibleText(none.text), "至少选择一项权限");

        const name = `合作方 ${unique("app")}`;
        const issued = await boss.post("/admin/api-keys", { name, scopes: ["policy:read"] });
        assert.equal(issued.status, 201);
        assert.equal(issued.headers.get("cache-control"), "no-store");
        const key = /yb_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/.exec(issued.text)?.[0];
        assert.ok(key, "the full key is on the result page");
        const keyId = key.slice(3, 19);
        made.keys.push(keyId);
        includes(visibleText(issued.text), "这是唯一一次显示完整密钥");

        const list = await boss.get("/admin/api-keys");
        assert.ok(!list.text.includes(key), "the list never shows the secret");
        includes(list.text, keyId);
        includes(visibleText(list.text), "读取政策");
        includes(visibleText(list.text), "30 秒");
        const stored = await graph.read(async (tx) =>
          (await tx.run("MATCH (k:ApiKey {id: $id}) RETURN k.hash AS h", { id: keyId })).records[0]?.get("h")
        );
        assert.ok(typeof stored === "string" && !stored.includes(key.slice(20)), "only a hash is stored");

        const lookup = () =>
          policy!.app.request("/v1/policies?region=110105", { headers: { "x-api-key": key } });
        const ok = await lookup();
        await ok.body?.cancel();
        assert.equal(ok.status, 200);

        const revoked = await boss.post(`/admin/api-keys/${keyId}/revoke`, {});
        assert.equal(revoked.status, 303);
        includes(visibleText((await boss.get(revoked.location!)).text), "已吊销");

        // The verifier caches a checked key for up to 30 s per process; a fresh instance has no cache.
        await policy!.shutdown();
        policy = await runService(policyService, { env, handleSignals: false });
        const refused = await lookup();
        await refused.body?.cancel();
        assert.equal(refused.status, 401);
      });

      await t.step("the audit page and CSV list the policy-admin entries, quoted right", async () => {
        const operatorAccount = await createAccount(graph, {
          login: unique("aud"),
          name: "审计测试",
          role: "operator",
          password,
        });
        made.accounts.push(operatorAccount.id);
        // a name with a comma, quotes and a line break, as the token carries it into the audit trail
        const trickyName = '张, "三"\n第二行';
        const token = await issueToken(testTokenSecret, {
          sub: operatorAccount.id,
          role: "operator",
          name: trickyName,
        });
        const pid = unique("audit-pol");
        const body = newPolicy(pid, await ownTopic(), ["110105"], { summary: '首次发布，含逗号, 与"引号"' });
        const created = await admin.app.request("/v1/policies", {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        assert.equal(created.status, 201, await created.text());

        const reviewer = new ConsoleClient(consoleApp.app);
        await reviewer.signIn(reviewerAccount.login, password);
        const page = await reviewer.get(`/audit?person=user:${operatorAccount.id}`);
        assert.equal(page.status, 200);
        const text = visibleText(page.text);
        includes(text, "新建政策");
        includes(text, "起草修订");
        includes(text, "运营人员");
        includes(page.text, `href="/policies/${pid}"`);
        assert.match(page.text, /href="\/amendments\/[^"]+"/);
        includes(page.text, "<details>");
        assert.ok(!/<summary>[^<]*[{}][^<]*<\/summary>/.test(page.text), "no JSON on the summary line");
        includes(page.text, `option value="user:${operatorAccount.id}" selected`);

        const bad = await reviewer.get("/audit?from=2026-13-40");
        assert.equal(bad.status, 400);
        includes(visibleText(bad.text), "请按 年-月-日 填写日期");

        const csv = await reviewer.get(`/audit.csv?person=user:${operatorAccount.id}`);
        assert.equal(csv.status, 200);
        assert.match(csv.headers.get("content-type") ?? "", /^text\/csv; charset=utf-8/);
        assert.match(
          csv.headers.get("content-disposition") ?? "",
          /^attachment; filename="audit-\d{8}\.csv"$/,
        );
        assert.ok(csv.text.startsWith("\uFEFF"), "a UTF-8 BOM for Excel");
        const rows = parseCsv(csv.text.slice(1));
        includes(rows[0]![0]!, "时间");
        includes(rows[0]![0]!, "Time");
        const entries = rows.slice(1);
        assert.equal(entries.length, 2, JSON.stringify(rows));
        for (const r of entries) {
          assert.equal(r.length, rows[0]!.length);
          assert.equal(r[2], trickyName);
          assert.equal(r[3], `user:${operatorAccount.id}`);
          assert.equal(r[6], pid);
        }
        assert.deepEqual(entries.map((r) => r[5]).sort(), ["新建政策", "起草修订"]);
        const draft = entries.find((r) => r[5] === "起草修订")!;
        includes(draft[8]!, '修订说明: （无） → 首次发布，含逗号, 与"引号"');
        includes(draft[8]!, "\n");
      });
    } finally {
      await consoleApp.shutdown();
      await policy?.shutdown();
      await admin.shutdown();
      await graph.write(async (tx) => {
        await tx.run("MATCH (s:ConsoleSession) WHERE s.accountId IN $ids DETACH DELETE s", {
          ids: made.accounts,
        });
        await tx.run("MATCH (a:ConsoleAccount) WHERE a.id IN $ids DETACH DELETE a", { ids: made.accounts });
        await tx.run("MATCH (k:ApiKey) WHERE k.id IN $ids DETACH DELETE k", { ids: made.keys });
      });
      await graph.close();
    }
  },
});
