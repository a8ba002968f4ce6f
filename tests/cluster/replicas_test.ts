/**
 * Two replicas of every service with background work against a three-node JetStream cluster (R3),
 * while amendments are published through policy-admin: one NATS node is stopped and started again
 * in the middle, and both sessions replicas are stopped and started again (rejoining their durable
 * consumer). Each amendment event is stored once (two outbox relays share the work), and reaches
 * every channel: each policy and eligibility instance, sessions, the item bank and notifications acknowledge it
 * with `channel.synced` exactly once, each subscriber's delivery is recorded once, sent, and a
 * session's reminder, looked for by both sessions replicas, goes out once.
 */
import assert from "node:assert/strict";
import { eventsStream } from "@yibao/events";
import type { RunningService } from "@yibao/kit";
import { service as eligibility } from "../../services/eligibility/service.ts";
import { service as notifications } from "../../services/notifications/service.ts";
import { startSink } from "../../services/notifications/sink/sink.ts";
import { service as policy } from "../../services/policy/service.ts";
import { service as policyAdmin } from "../../services/policy-admin/service.ts";
import { service as sessions } from "../../services/sessions/service.ts";
import { eventually, startOwnNatsCluster, testGraph, unique } from "../harness/mod.ts";
import { seedWebhookSubscribers } from "../notifications/_fixtures.ts";
import { notificationsEnv } from "../notifications/_suite.ts";
import { call, newPolicy, ownTopic, people, reviewAndPublish } from "../policy/_suite.ts";
import { hoursFromNow, newHost, newSession, ownPlaces } from "../sessions/_suite.ts";
import { clusterBus, replicas, storedEvents } from "./_cluster.ts";

Deno.test({
  name:
    "NATS cluster - two replicas of each service, a NATS node and the sessions replicas restarted mid-way: every amendment reaches every channel once",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const amendments = 6;
    const subscribersEach = 3;
    const run = unique("rep");
    const cluster = await startOwnNatsCluster(3);
    const sink = await startSink();
    const graph = testGraph();
    const bus = await clusterBus(cluster.url);
    const fromSeq = (await bus.jsm.streams.info(eventsStream)).state.last_seq + 1;
    const common = {
      NATS_URL: cluster.url,
      LOG_LEVEL: "error",
      EFFECTIVE_CHECK_INTERVAL_MS: "200",
      SESSION_REMINDER_INTERVAL_MS: "200",
    };
    const started: RunningService[] = [];
    const start = async (spec: Parameters<typeof replicas>[0], name: string, extra = {}) => {
      const r = await replicas(spec, 2, { ...common, INSTANCE_ID: `${name}-${run}`, ...extra });
      started.push(...r);
      return r;
    };
    try {
      const policies = await start(policy, "policy");
      const admins = await start(policyAdmin, "admin");
      await start(eligibility, "eligibility");
      let sessionReplicas = await start(sessions, "sessions");
      await start(notifications, "notifications", notificationsEnv(sink));
      assert.equal(policies.length, 2);
      const tokens = await people();
      const topic = await ownTopic();
      // a session 30 minutes ahead: its one-hour reminder is due at once, and both replicas look for it
      const host = await newHost();
      const scheduled = await call(sessionReplicas[0]!, "POST", "/v1/sessions", {
        token: host.token,
        body: newSession(host, await ownPlaces(), { startsAt: hoursFromNow(0.5) }),
      });
      assert.equal(scheduled.status, 201, JSON.stringify(scheduled.body));
      const sessionId = scheduled.body.id as string;
      const reminders = async () =>
        (await storedEvents(bus, "events.session.reminder", fromSeq))
          .filter((e) => (e.event.data as { sessionId: string }).sessionId === sessionId);
      assert.ok(
        await eventually(async () => (await reminders()).length >= 1, 30_000),
        "the reminder went out",
      );
      const amendmentIds: string[] = [];
      const policyIds: string[] = [];
      for (let k = 0; k < amendments; k++) {
        if (k === 2) {
          // a NATS node goes away (gracefully) while amendments keep coming; so do both sessions replicas
          await cluster.stopNode(1);
          for (const s of sessionReplicas) await s.shutdown();
        }
        if (k === 4) {
          await cluster.restart(1);
          // the sessions replicas come back under the same instance ids and rejoin their durable consumer
          const back = await replicas(sessions, 2, { ...common, INSTANCE_ID: `sessions-${run}` });
          started.push(...back);
          sessionReplicas = back;
        }
        const admin = admins[k % 2]!;
        const id = `pol-${run}-${k}`;
        const created = await call(admin, "POST", "/v1/policies", {
          token: tokens.operator,
          body: newPolicy(id, topic, ["370602"]),
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        await seedWebhookSubscribers(graph, {
          n: subscribersEach,
          run: `${run}-${k}`,
          sinkUrl: sink.url,
          policyId: id,
        });
        await reviewAndPublish(admin, created.body.id, tokens);
        amendmentIds.push(created.body.id);
        policyIds.push(id);
      }

      const instances = (name: string) => [1, 2].map((i) => `${name}-${run}-${i}`);
      const expected = [
        ...instances("policy").map((c) => ["policy-cache", c]),
        ...instances("eligibility").map((c) => ["eligibility-rules", c]),
        ["sessions", "sessions"],
        ["items", "items"],
        ["notifications", "notifications"],
      ];
      const publishedEvents = async () =>
        (await storedEvents(bus, "events.policy.amendment.published", fromSeq))
          .filter((e) => amendmentIds.includes((e.event.data as { amendmentId: string }).amendmentId));
      const synced = async (eventIds: string[]) =>
        (await storedEvents(bus, "events.channel.synced", fromSeq))
          .map((e) => e.event.data as { channel: string; consumer: string; eventId: string })
          .filter((d) => eventIds.includes(d.eventId));
      assert.ok(
        await eventually(async () => (await publishedEvents()).length >= amendments, 60_000),
        "every publication reached the stream",
      );
      const events = await publishedEvents();
      assert.equal(events.length, amendments, "each publication stored once, though two relays ran");
      const eventIds = events.map((e) => e.event.id);
      const missingIn = (acks: { channel: string; consumer: string; eventId: string }[]) =>
        eventIds.flatMap((id) =>
          expected.filter(([ch, c]) =>
            !acks.some((a) => a.eventId === id && a.channel === ch && a.consumer === c)
          )
            .map(([ch, c]) => `${id} ${ch}/${c}`)
        );
      // every expected (event, channel, consumer) acknowledgement, not merely as many as expected
      const ok = await eventually(async () => missingIn(await synced(eventIds)).length === 0, 120_000);
      const acks = await synced(eventIds);
      const missing = missingIn(acks);
      assert.ok(ok, `every channel acknowledged every amendment; missing: ${missing.join(", ")}`);
      assert.deepEqual(missing, []);
      assert.equal(acks.length, eventIds.length * expected.length, "each acknowledgement stored once");

      // One notice per subscriber per amendment: its deliveries hang off the publication's event or,
      // when that was handled second, off the same-day policy.version.effective event of the amendment.
      const policyEvents = await storedEvents(bus, "events.policy.", fromSeq);
      for (const amendmentId of amendmentIds) {
        const ids = policyEvents.filter((e) =>
          (e.event.data as { amendmentId?: string }).amendmentId === amendmentId
        )
          .map((e) => e.event.id);
        const rows = await graph.read(async (tx) =>
          (await tx.run(
            `MATCH (d:Delivery) WHERE d.eventId IN $ids
             RETURN d.subscriberId AS s, d.status AS status, count(*) AS n`,
            { ids },
          )).records.map((r) => ({
            s: r.get("s") as string,
            status: r.get("status") as string,
            n: r.get("n"),
          }))
        );
        assert.equal(rows.length, subscribersEach, `${amendmentId}: ${JSON.stringify(rows)}`);
        assert.ok(rows.every((r) => r.status === "sent" && Number(r.n) === 1), JSON.stringify(rows));
      }
      assert.equal((await reminders()).length, 1, "two replicas looked for the reminder; it went out once");
      const received = new Set(sink.messages({ prefix: `/webhook/${run}-` }).map((m) => m.path));
      assert.equal(
        received.size,
        amendments * subscribersEach,
        "each subscriber's webhook received its event",
      );
    } finally {
      for (const s of started) await s.shutdown().catch(() => {});
      await bus.close().catch(() => {});
      await graph.close();
      await sink.stop();
      await cluster.stop(5_000);
    }
  },
});
