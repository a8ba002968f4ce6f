/**
 * kill -9 of the EVENTS stream's leader node in the middle of a 5,000-subscriber fan-out, against a
 * three-node JetStream cluster of the test's own (R3 streams, `sync_interval: always`) with two
 * notifications replicas: every subscriber ends with exactly one delivery, sent; events published
 * while the stream elects a leader are retried under their `Nats-Msg-Id` and every one is stored,
 * once. The election time and how long publishes waited are printed (figures, not assertions).
 */
import assert from "node:assert/strict";
import { eventsStream, parseEvent } from "@yibao/events";
import { service as notifications } from "../../services/notifications/service.ts";
import { startSink } from "../../services/notifications/sink/sink.ts";
import { eventually, startOwnNatsCluster, streamLeader, testGraph, unique } from "../harness/mod.ts";
import {
  deliveryCounts,
  seedWebhookSubscribers,
  subscribersWithSeveralDeliveries,
} from "../notifications/_fixtures.ts";
import { notificationsEnv, ownPolicy, publishAmendment } from "../notifications/_suite.ts";
import { awaitNewLeader, clusterBus, probePublisher, replicas } from "./_cluster.ts";

Deno.test({
  name:
    "NATS cluster - kill -9 of the EVENTS leader mid fan-out to 5,000 subscribers: one delivery each, sent; no event lost or doubled",
  // the NATS client keeps reconnect timers for the killed node until every connection is closed
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const n = 5_000;
    const cluster = await startOwnNatsCluster(3);
    const sink = await startSink();
    const graph = testGraph();
    const bus = await clusterBus(cluster.url);
    const services = await replicas(notifications, 2, {
      NATS_URL: cluster.url,
      LOG_LEVEL: "error",
      ...notificationsEnv(sink, { DELIVERY_CLAIM_MS: "5000", DELIVERY_TIMEOUT_MS: "2000" }),
    });
    let probes: ReturnType<typeof probePublisher> | undefined;
    try {
      const info = await bus.jsm.streams.info(eventsStream);
      assert.equal(info.config.num_replicas, 3, "the EVENTS stream has three replicas");
      // declared by the notifications replicas themselves, which saw a cluster of three
      const jobs = await bus.jsm.streams.info("NOTIFY_JOBS");
      assert.equal(jobs.config.num_replicas, 3, "the delivery jobs stream has three replicas");
      const { policyId } = await ownPolicy("370600");
      const run = unique("leader");
      await seedWebhookSubscribers(graph, { n, run, sinkUrl: sink.url, policyId });
      const prefix = `/webhook/${run}/`;

      const event = await publishAmendment(bus, policyId);
      probes = probePublisher(bus, run);
      // killed once the first sends arrive: most of the fan-out is still ahead
      assert.ok(
        await eventually(() => sink.messages({ prefix }).length >= 50, 120_000),
        "the fan-out got going",
      );
      const leader = await streamLeader(bus, eventsStream);
      const victim = cluster.nodes.findIndex((node) => node.serverName === leader);
      assert.ok(victim >= 0, `the leader ${leader} is one of the test's nodes`);
      const sentAtKill = sink.messages({ prefix }).length;
      await cluster.crash(victim);
      const election = await awaitNewLeader(bus, eventsStream, leader);
      // keep publishing a little after the election, then stop
      await new Promise((r) => setTimeout(r, 1_000));
      await probes.stop();

      assert.ok(
        await eventually(async () => (await deliveryCounts(graph, event.id)).sent === n, 180_000),
        JSON.stringify(await deliveryCounts(graph, event.id)),
      );
      assert.deepEqual(await deliveryCounts(graph, event.id), { sent: n });
      assert.equal(await subscribersWithSeveralDeliveries(graph, event.id), 0);
      const paths = new Set(sink.messages({ prefix }).map((m) => m.path));
      assert.equal(paths.size, n, "every subscriber's endpoint received the event");

      // every probe was acknowledged, and is in the stream once, at the sequence its ack named
      const failed = probes.results.filter((p) => !p.result);
      assert.deepEqual(failed, [], "no publish gave up");
      const seqs = new Set(probes.results.map((p) => p.result!.seq));
      assert.equal(seqs.size, probes.results.length, "each probe stored once, at its own sequence");
      for (const p of probes.results) {
        const m = await bus.jsm.streams.getMessage(eventsStream, { seq: p.result!.seq });
        assert.ok(m, `probe ${p.id} is in the stream`);
        assert.equal(parseEvent(m.data).id, p.id);
      }
      const retried = probes.results.filter((p) => p.result!.attempts > 1);
      assert.ok(
        retried.length >= 1,
        "publishes during the election were retried (under the same Nats-Msg-Id)",
      );
      const waits = retried.map((p) => p.result!.waitedMs);
      console.log(
        `  [cluster] killed leader ${leader} with ${sentAtKill} of ${n} sent; new leader ${election.leader} after ${
          Math.round(election.ms)
        } ms; ${probes.results.length} probe publishes, ${retried.length} retried under their Nats-Msg-Id (longest wait ${
          Math.round(Math.max(0, ...waits))
        } ms)`,
      );
    } finally {
      await probes?.stop().catch(() => {});
      for (const s of services) await s.shutdown().catch(() => {});
      await bus.close().catch(() => {});
      await graph.close();
      await sink.stop();
      await cluster.stop(5_000);
    }
  },
});
