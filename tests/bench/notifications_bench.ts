/**
 * Notification fan-out: one amendment to 10,000 webhook subscribers (each with its own endpoint)
 * against the local sink, with one replica of the service and then two. Reports deliveries per
 * second, the time to the last delivery, p50/p99 of each subscriber's time to its first delivery,
 * and duplicates (messages beyond one per subscriber; must be 0). Each run starts after a warm-up of
 * 2,000 deliveries, so the figures are the steady state: the first large fan-out into a fresh graph is
 * slower (8–16 s for 10,000 in our runs) while Neo4j plans and caches the delivery queries.
 */
import { createEvent, publishEvent } from "@yibao/events";
import { connectEventBus, ensureStreams } from "@yibao/events";
import { createGraph, toPlain } from "@yibao/graph";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { type ServiceProcess, spawnService, waitReady } from "../../deploy/local/dev/services.ts";
import { service as notifications } from "../../services/notifications/service.ts";
import { startSink } from "../../services/notifications/sink/sink.ts";
import { seedWebhookSubscribers } from "../notifications/_fixtures.ts";
import { benchServiceEnv } from "./servers.ts";

/** One fan-out's figures. */
export interface FanOutResult {
  replicas: number;
  subscribers: number;
  deliveriesPerSecond: number;
  timeToLastS: number;
  firstDeliveryMs: number;
  p50FirstMs: number;
  p99FirstMs: number;
  duplicates: number;
  sentInGraph: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Runs the fan-out with one replica, then two, against the servers in `env`. */
export async function notificationsBench(
  env: Record<string, string>,
  n = 10_000,
  warmUp = 2_000,
): Promise<FanOutResult[]> {
  const sink = await startSink();
  const graph = createGraph({
    uri: env.YIBAO_TEST_NEO4J_URI!,
    user: "neo4j",
    password: env.YIBAO_TEST_NEO4J_PASSWORD!,
    database: "neo4j",
  });
  const bus = await connectEventBus({ NATS_URL: env.YIBAO_TEST_NATS_URL!, NATS_STREAM_REPLICAS: 1 }, {
    name: "bench",
  });
  await ensureStreams(bus);
  const results: FanOutResult[] = [];
  try {
    // the subscribers are seeded once the first replica is ready (it applies the migrations)
    const policyId = `pol-bench-${crypto.randomUUID().slice(0, 8)}`;
    const run = `bench${crypto.randomUUID().slice(0, 8)}`;
    let seeded = false;
    const order = (Deno.env.get("BENCH_REPLICAS") ?? "1,2").split(",").map(Number);
    for (const replicas of order) {
      const procs: ServiceProcess[] = [];
      const tmp = await Deno.makeTempDir({ prefix: "yibao-bench-notify-" });
      for (let i = 0; i < replicas; i++) {
        const port = freePort();
        const p = spawnService(notifications as never, {
          port,
          env: benchServiceEnv(env, {
            NOTIFY_SINK_URL: sink.url,
            WEBHOOK_ALLOW_HTTP: "true",
            WEBHOOK_ALLOW_HOSTS: "127.0.0.1",
            LOG_LEVEL: Deno.env.get("BENCH_LOG_LEVEL") ?? "warn",
          }),
          logFile: `${tmp}/notifications-${i}.log`,
          extraNet: [`127.0.0.1:${sink.port}`],
        });
        procs.push(p);
      }
      try {
        await Promise.all(procs.map((p, i) => waitReady(p, 120_000, `${tmp}/notifications-${i}.log`)));
        if (!seeded) {
          seeded = true;
          await graph.write((tx) =>
            tx.run(
              `CREATE (p:Policy {id: $policyId, docNumber: '基准〔2025〕1号', latestVersion: 1})
               CREATE (p)-[:HAS_VERSION]->(:PolicyVersion {id: $policyId + '@1', policyId: $policyId, version: 1, title: '基准测试政策'})`,
              { policyId },
            )
          );
          await seedWebhookSubscribers(graph, { n, run, sinkUrl: sink.url, policyId });
        }
        // warm-up: 2,000 deliveries of another policy, so the figures are the steady state, not the first queries' planning
        const warm = `${policyId}-warm${replicas}`;
        await graph.write((tx) => tx.run("CREATE (:Policy {id: $id, latestVersion: 1})", { id: warm }));
        await seedWebhookSubscribers(graph, {
          n: warmUp,
          run: `${run}w${replicas}`,
          sinkUrl: sink.url,
          policyId: warm,
        });
        await publishEvent(
          bus,
          createEvent({
            type: "policy.amendment.published",
            source: "/bench",
            subject: warm,
            data: {
              amendmentId: "amd-warm",
              policyId: warm,
              version: 2,
              effectiveFrom: "2025-07-01",
              summary: "预热",
              changes: [],
            },
          }),
        );
        const warmDeadline = Date.now() + 60_000;
        while (
          sink.messages({ prefix: `/webhook/${run}w${replicas}/` }).length < warmUp &&
          Date.now() < warmDeadline
        ) {
          await new Promise((r) => setTimeout(r, 50));
        }
        sink.clear();
        const event = createEvent({
          type: "policy.amendment.published",
          source: "/bench",
          subject: policyId,
          data: {
            amendmentId: `amd-bench-${replicas}`,
            policyId,
            version: 2,
            effectiveFrom: "2025-07-01",
            summary: "起付线下调。",
            changes: [{ field: "rules.x.deductible", before: 1800, after: 1300 }],
          },
        });
        const t0 = Date.now();
        await publishEvent(bus, event);
        const prefix = `/webhook/${run}/`;
        const deadline = Date.now() + 300_000;
        while (Date.now() < deadline) {
          if (new Set(sink.messages({ prefix }).map((m) => m.path)).size >= n) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        // let stragglers (a repeated send) arrive, then count
        await new Promise((r) => setTimeout(r, 1_000));
        const msgs = sink.messages({ prefix });
        const first = new Map<string, number>();
        for (const m of msgs) if (!first.has(m.path) || m.at < first.get(m.path)!) first.set(m.path, m.at);
        const latencies = [...first.values()].map((at) => at - t0).sort((a, b) => a - b);
        const sent = await graph.read(async (tx) =>
          toPlain(
            (await tx.run("MATCH (d:Delivery {eventId: $id, status: 'sent'}) RETURN count(d) AS n", {
              id: event.id,
            }))
              .records[0]!.get("n"),
          ) as number
        );
        const last = latencies.at(-1)!;
        results.push({
          replicas,
          subscribers: n,
          deliveriesPerSecond: first.size / (last / 1000),
          timeToLastS: last / 1000,
          firstDeliveryMs: latencies[0]!,
          p50FirstMs: percentile(latencies, 0.5),
          p99FirstMs: percentile(latencies, 0.99),
          duplicates: msgs.length - first.size,
          sentInGraph: sent,
        });
      } finally {
        await Promise.all(procs.map((p) => p.stop(20_000)));
        if (Deno.env.get("BENCH_KEEP_LOGS")) console.error(`logs in ${tmp}`);
        else await Deno.remove(tmp, { recursive: true }).catch(() => {});
      }
    }
  } finally {
    await bus.close();
    await graph.close();
    await sink.stop();
  }
  return results;
}

/** The report lines for the figures. */
export function notificationsReport(rs: FanOutResult[]): string[] {
  return [
    `Notification fan-out: one amendment to ${rs[0]?.subscribers ?? 0} webhook subscribers, local sink:`,
    ...rs.map((r) =>
      `  ${r.replicas} replica${r.replicas > 1 ? "s" : ""}: ${
        r.deliveriesPerSecond.toFixed(0)
      } deliveries/s; ` +
      `last delivery ${
        r.timeToLastS.toFixed(2)
      } s after publishing (aim ≤ 10 s); first ${r.firstDeliveryMs} ms; ` +
      `per subscriber p50 ${r.p50FirstMs} ms, p99 ${r.p99FirstMs} ms; duplicates ${r.duplicates} (must be 0); ` +
      `${r.sentInGraph} recorded sent`
    ),
    "",
  ];
}

if (import.meta.main) {
  const { startTestServers } = await import("../../deploy/local/dev/run_tests.ts");
  const servers = await startTestServers();
  try {
    console.log(notificationsReport(await notificationsBench(servers.env)).join("\n"));
  } finally {
    await servers.stop();
  }
}
