import assert from "node:assert/strict";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { startSink } from "../../services/notifications/sink/sink.ts";
import {
  eventually,
  natsUrl,
  neo4jEnv,
  testBus,
  testGraph,
  testTokenSecret,
  unique,
} from "../harness/mod.ts";
import { deliveryCounts, seedWebhookSubscribers, subscribersWithSeveralDeliveries } from "./_fixtures.ts";
import { notificationsEnv, ownPolicy, publishAmendment } from "./_suite.ts";

function spawnWorker(env: Record<string, string>): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--unsafe-proto",
      new URL("../../services/notifications/main.ts", import.meta.url).pathname,
    ],
    env: { ...env, PORT: String(freePort()) },
    stdout: "null",
    stderr: "null",
  }).spawn();
}

Deno.test("fan-out - kill -9 of the worker in the middle of 5,000 deliveries, then a restart: every subscriber has exactly one delivery, sent", async () => {
  const n = 5_000;
  const sink = await startSink();
  const graph = testGraph();
  const bus = await testBus();
  let first: Deno.ChildProcess | undefined;
  let second: Deno.ChildProcess | undefined;
  try {
    const { policyId } = await ownPolicy("370600");
    const run = unique("crash");
    await seedWebhookSubscribers(graph, { n, run, sinkUrl: sink.url, policyId });
    const env = {
      ...neo4jEnv(),
      NATS_URL: natsUrl(),
      AUTH_TOKEN_SECRET: testTokenSecret,
      LOG_LEVEL: "error",
      ...notificationsEnv(sink, {
        DELIVERY_CLAIM_MS: "3000",
        DELIVERY_TIMEOUT_MS: "1000",
        DELIVERY_CONCURRENCY: "64",
      }),
    };
    first = spawnWorker(env);
    const event = await publishAmendment(bus, policyId);
    const prefix = `/webhook/${run}/`;
    // Killed as soon as the first sends arrive: deliveries are created in batches of 1,000 and the
    // first batch's jobs go out while later batches are still being written, so the kill lands in
    // the middle of the fan-out itself, not only of the sending.
    assert.ok(
      await eventually(async () => {
        const created = Object.values(await deliveryCounts(graph, event.id)).reduce((a, b) => a + b, 0);
        return created >= 1 || sink.messages({ prefix }).length >= 20;
      }, 60_000),
      "the first worker got going",
    );
    first.kill("SIGKILL");
    const status = await first.status;
    assert.equal(status.signal, "SIGKILL");
    const atKill = sink.messages({ prefix }).length;
    const createdAtKill = Object.values(await deliveryCounts(graph, event.id)).reduce((a, b) => a + b, 0);
    assert.ok(atKill < n, `killed in the middle (${atKill} of ${n} sent)`);

    second = spawnWorker(env);
    assert.ok(
      await eventually(async () => (await deliveryCounts(graph, event.id)).sent === n, 90_000),
      JSON.stringify(await deliveryCounts(graph, event.id)),
    );
    // exactly one delivery per subscriber in the graph, all sent
    assert.deepEqual(await deliveryCounts(graph, event.id), { sent: n });
    assert.equal(await subscribersWithSeveralDeliveries(graph, event.id), 0);
    // every subscriber's endpoint received the event, always under the same webhook-id; a message in
    // flight at the kill (sent, not yet recorded) may arrive twice, and the receiver dedupes it by that id
    const msgs = sink.messages({ prefix });
    const paths = new Set(msgs.map((m) => m.path));
    assert.equal(paths.size, n);
    assert.ok(msgs.every((m) => m.headers["webhook-id"] === event.id));
    const repeats = msgs.length - paths.size;
    console.log(
      `  killed with ${createdAtKill} of ${n} deliveries created and ${atKill} sent; repeats after the crash (deduped by webhook-id): ${repeats}`,
    );
    assert.ok(repeats <= 64 * 2, `repeats bounded by the work in flight (${repeats})`);
  } finally {
    for (const [p, signal] of [[first, "SIGKILL"], [second, "SIGTERM"]] as const) {
      try {
        p?.kill(signal);
      } catch { /* it has ended already */ }
      await p?.status;
    }
    await bus.close();
    await graph.close();
    await sink.stop();
  }
});
