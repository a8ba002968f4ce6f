/**
 * A console whose AUTH_TOKEN_SECRET differs from the services' cannot act for anyone: the person sees
 * a page saying the console cannot reach the service (502), never a loop back to sign-in.
 */
import assert from "node:assert/strict";
import { runService } from "@yibao/kit";
import { createAccount } from "../../services/console/accounts/mod.ts";
import { service as policyService } from "../../services/policy/service.ts";
import { serviceEnv, testGraph, unique } from "../harness/mod.ts";
import { startConsole } from "./_console.ts";
import { ConsoleClient, visibleText } from "./_client.ts";

Deno.test("console - a service refusing the console's token is a 502 page, not a loop back to sign-in", async () => {
  const graph = testGraph();
  const policy = await runService(policyService, {
    env: serviceEnv({ LOG_LEVEL: "error" }),
    handleSignals: false,
  });
  const web = await startConsole({
    AUTH_TOKEN_SECRET: "another-secret-another-secret-another-00",
    CONSOLE_SERVICES: `policy=http://127.0.0.1:${policy.port}`,
  });
  try {
    const login = unique("mismatch").toLowerCase();
    const password = crypto.randomUUID();
    await createAccount(graph, { login, name: "配置测试", role: "reviewer", password });
    const c = new ConsoleClient(web.app);
    await c.signIn(login, password);
    const page = await c.get("/policies/nat-outpatient-pooling");
    assert.equal(page.status, 502);
    assert.match(visibleText(page.text), /控制台暂时无法代您访问 policy 服务/);
    // the session itself is still good: the status page (no service call on the person's behalf) works
    assert.equal((await c.get("/status")).status, 200);
  } finally {
    await web.shutdown();
    await policy.shutdown();
    await graph.close();
  }
});
