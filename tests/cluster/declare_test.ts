/**
 * Declaring a stream and a durable consumer while a three-node JetStream cluster has lost its quorum
 * (two nodes stopped), as when the nodes and the services start together: the declarations wait,
 * trying again, and land once the nodes are back, instead of failing the service's start-up. An
 * error that does not pass by itself (a subject another stream already takes) fails at once.
 */
import assert from "node:assert/strict";
import { AckPolicy, JetStreamApiError } from "@nats-io/jetstream";
import { connectEventBus, declareConsumer, ensureStream, streamReplicasFor } from "@yibao/events";
import { eventually, startOwnNatsCluster, unique } from "../harness/mod.ts";

Deno.test({
  name:
    "NATS cluster - a stream and a consumer declared while the cluster has no quorum land once it is back",
  // the NATS client keeps reconnect timers for the stopped nodes until its connection is closed
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const cluster = await startOwnNatsCluster(3);
    const bus = await connectEventBus({ NATS_URL: cluster.url, NATS_STREAM_REPLICAS: 3 }, {
      name: "declare-test",
    });
    try {
      const name = unique("DECLARED");
      const subjects = [`declared.${name}.>`];
      const retries: string[] = [];
      const log = {
        info() {},
        warn: (_: string, f?: Record<string, unknown>) => void retries.push(String(f?.what)),
        error() {},
      };
      await cluster.stopNode(1);
      await cluster.stopNode(2);
      let landed = false;
      const declared = (async () => {
        await ensureStream(bus, { name, subjects, num_replicas: 3 }, { log, waitMs: 120_000 });
        await declareConsumer(bus, name, { durable_name: "reader", ack_policy: AckPolicy.Explicit }, {}, {
          log,
          waitMs: 120_000,
        });
        landed = true;
      })().then(() => null, (err: unknown) => err);
      // without a quorum nothing can be declared: the declaration tries again, it does not fail
      assert.ok(
        await eventually(() => retries.length >= 2, 60_000),
        `the declaration did not try again (landed: ${landed}, failed: ${
          String(await Promise.race([declared, null]))
        })`,
      );
      assert.equal(landed, false);
      await cluster.restart(1);
      await cluster.restart(2);
      assert.equal(await declared, null, "the declaration failed");
      const stream = await bus.jsm.streams.info(name);
      assert.equal(stream.config.num_replicas, 3);
      assert.deepEqual(stream.config.subjects, subjects);
      const consumer = await bus.jsm.consumers.info(name, "reader");
      assert.equal(consumer.config.durable_name, "reader");
      assert.ok(retries.every((what) => what.includes(name)), retries.join(", "));

      // a declaration that cannot land (its subjects belong to another stream) fails at once, with the reason
      const before = retries.length;
      await assert.rejects(
        ensureStream(bus, { name: unique("CLASH"), subjects, num_replicas: 3 }, { log, waitMs: 120_000 }),
        (err) => err instanceof JetStreamApiError && /overlap/i.test(err.message),
      );
      assert.equal(retries.length, before, "a lasting error was tried again");
    } finally {
      await bus.close();
      await cluster.stop(5_000);
    }
  },
});

Deno.test({
  name:
    "NATS cluster - a declaration never lowers a stream's replicas (a service that saw fewer servers while routes formed)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const cluster = await startOwnNatsCluster(3);
    const bus = await connectEventBus({ NATS_URL: cluster.url }, { name: "replicas-test" });
    try {
      // a service on this cluster works out three copies, waiting for the servers' URLs if need be
      assert.equal(await streamReplicasFor(bus), 3);
      assert.equal(await streamReplicasFor(bus, 1), 1, "a configured count is taken as given");
      const name = unique("KEPT");
      const subjects = [`kept.${name}.>`];
      await ensureStream(bus, { name, subjects, num_replicas: 3 });
      const warnings: Record<string, unknown>[] = [];
      const log = {
        info() {},
        warn: (_: string, f?: Record<string, unknown>) => void warnings.push(f ?? {}),
        error() {},
      };
      // declared again with one copy (as a service does that saw one server): the three stay
      const info = await ensureStream(bus, { name, subjects, num_replicas: 1, max_age: 3_600_000_000_000 }, {
        log,
      });
      assert.equal(info.config.num_replicas, 3);
      assert.equal(info.config.max_age, 3_600_000_000_000, "the rest of the declaration still applies");
      assert.equal((await bus.jsm.streams.info(name)).config.num_replicas, 3);
      assert.deepEqual(warnings, [{ stream: name, replicas: 3, declared: 1 }]);
      // more copies are still taken
      const single = unique("GROWN");
      await ensureStream(bus, { name: single, subjects: [`grown.${single}.>`], num_replicas: 1 });
      const grown = await ensureStream(bus, {
        name: single,
        subjects: [`grown.${single}.>`],
        num_replicas: 3,
      });
      assert.equal(grown.config.num_replicas, 3);
    } finally {
      await bus.close();
      await cluster.stop(5_000);
    }
  },
});
