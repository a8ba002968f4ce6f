import assert from "node:assert/strict";
import { runService } from "@yibao/kit";
import { service as policy } from "../../services/policy/service.ts";
import { eventually, serviceEnv, startOwnNats } from "../harness/mod.ts";

Deno.test("readyz - turns false when NATS stops and true again after it restarts, without a service restart", async () => {
  let nats = await startOwnNats();
  const { port, storeDir } = nats;
  const running = await runService(policy, { env: serviceEnv({ NATS_URL: nats.url }), handleSignals: false });
  const readyz = async () => {
    const res = await running.app.request("/readyz");
    return { status: res.status, body: await res.json() };
  };
  try {
    assert.equal((await readyz()).status, 200);
    await nats.stop();
    assert.ok(
      await eventually(async () => (await readyz()).status === 503, 15_000),
      "not ready while NATS is down",
    );
    assert.deepEqual((await readyz()).body, { status: "not-ready", checks: { graph: "up", events: "down" } });
    nats = await startOwnNats(port, storeDir);
    assert.ok(
      await eventually(async () => (await readyz()).status === 200, 30_000),
      "ready again after NATS is back",
    );
  } finally {
    await running.shutdown();
    await nats.stop();
    await Deno.remove(storeDir, { recursive: true }).catch(() => {});
  }
});
