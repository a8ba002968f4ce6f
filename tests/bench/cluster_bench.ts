/**
 * Scale-out on a real three-node JetStream cluster, in one run:
 * 1. fan-out of one amendment to 10,000 webhook subscribers with one NATS node and one
 *    notifications replica, then with three nodes (R3 streams) and two replicas, as a ratio;
 * 2. the EVENTS stream's leader killed (SIGKILL) while events are published every 50 ms: the time
 *    to a new leader, and how long the publishes waited (retried under their `Nats-Msg-Id`);
 * 3. Neo4j stopped for ~10 s under five running services: the time from Neo4j back to every
 *    `/readyz` true, without a restart.
 */
import {
  connectEventBus,
  createEvent,
  ensureStreams,
  type EventBus,
  eventsStream,
  publishEvent,
} from "@yibao/events";
import { type Graph, toPlain } from "@yibao/graph";
import { runService } from "@yibao/kit";
import { startNeo4j } from "../../deploy/local/dev/neo4j.ts";
import { startNatsCluster } from "../../deploy/local/dev/nats.ts";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { type ServiceProcess, spawnService, waitReady } from "../../deploy/local/dev/services.ts";
import { service as eligibility } from "../../services/eligibility/service.ts";
import { service as notifications } from "../../services/notifications/service.ts";
import { type Sink, startSink } from "../../services/notifications/sink/sink.ts";
import { service as policy } from "../../services/policy/service.ts";
import { service as policyAdmin } from "../../services/policy-admin/service.ts";
import { service as sessions } from "../../services/sessions/service.ts";
import { awaitNewLeader, probePublisher } from "../cluster/_cluster.ts";
import { seedWebhookSubscribers } from "../notifications/_fixtures.ts";
import { benchGraph, benchServiceEnv } from "./servers.ts";

/** One fan-out's figures. */
export interface ClusterFanOut {
  label: string;
  subscribers: number;
  timeToLastS: number;
  deliveriesPerSecond: number;
  sentInGraph: number;
  duplicates: number;
}

/** Every figure of the part. */
export interface ClusterResult {
  fanOuts: ClusterFanOut[];
  election: {
    leader: string;
    newLeader: string;
    ms: number;
    publishes: number;
    retried: number;
    maxWaitMs: number;
    p50WaitMs: number;
    failed: number;
  };
  neo4jOutage: { idleS: number; awayS: number; readyAfterMs: number; services: number };
}

async function fanOut(
  env: Record<string, string>,
  graph: Graph,
  bus: EventBus,
  sink: Sink,
  o: { label: string; natsUrl: string; streamReplicas: number; replicas: number; n: number },
): Promise<ClusterFanOut> {
  const tmp = await Deno.makeTempDir({ prefix: "yibao-bench-cluster-" });
  const procs: ServiceProcess[] = [];
  try {
    for (let i = 0; i < o.replicas; i++) {
      procs.push(spawnService(notifications as never, {
        port: freePort(),
        env: benchServiceEnv(env, {
          NATS_URL: o.natsUrl,
          NATS_STREAM_REPLICAS: String(o.streamReplicas),
          NOTIFY_SINK_URL: sink.url,
          WEBHOOK_ALLOW_HTTP: "true",
          WEBHOOK_ALLOW_HOSTS: "127.0.0.1",
          MIGRATE_ON_START: "false",
        }),
        logFile: `${tmp}/notifications-${i}.log`,
        extraNet: [`127.0.0.1:${sink.port}`],
      }));
    }
    try {
      await Promise.all(procs.map((p, i) => waitReady(p, 180_000, `${tmp}/notifications-${i}.log`)));
    } catch (err) {
      // the logs go with the temporary folder (kept with BENCH_KEEP_LOGS=1): say what they said (once the pipes have copied the
      // output of a process that exited at once)
      await new Promise((r) => setTimeout(r, 1_000));
      for (let i = 0; i < procs.length; i++) {
        const text = await Deno.readTextFile(`${tmp}/notifications-${i}.log`).catch(() => "");
        console.error(`notifications-${i}.log:\n${text.split("\n").slice(-15).join("\n")}`);
      }
      throw err;
    }
    const policyId = `pol-bench-cl-${crypto.randomUUID().slice(0, 8)}`;
    const run = `benchcl${crypto.randomUUID().slice(0, 8)}`;
    await graph.write((tx) =>
      tx.run(
        `CREATE (p:Policy {id: $policyId, docNumber: '基准〔2025〕2号', latestVersion: 1})
         CREATE (p)-[:HAS_VERSION]->(:PolicyVersion {id: $policyId + '@1', policyId: $policyId, version: 1, title: '基准测试政策'})`,
        { policyId },
      )
    );
    await seedWebhookSubscribers(graph, { n: o.n, run, sinkUrl: sink.url, policyId });
    const event = createEvent({
      type: "policy.amendment.published",
      source: "/bench/cluster",
      subject: policyId,
      data: {
        amendmentId: `amd-${run}`,
        policyId,
        version: 2,
        effectiveFrom: "2025-07-01",
        summary: "起付线下调。",
        changes: [{ field: "rules.x.deductible", before: 1800, after: 1300 }],
      },
    });
    const prefix = `/webhook/${run}/`;
    const t0 = Date.now();
    await publishEvent(bus, event);
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline && new Set(sink.messages({ prefix }).map((m) => m.path)).size < o.n) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const msgs = sink.messages({ prefix });
    const paths = new Set(msgs.map((m) => m.path));
    const last = Math.max(...msgs.map((m) => m.at)) - t0;
    // a delivery is recorded sent just after its message arrives: wait for the last records
    const countSent = () =>
      graph.read(async (tx) =>
        toPlain(
          (await tx.run("MATCH (d:Delivery {eventId: $id, status: 'sent'}) RETURN count(d) AS n", {
            id: event.id,
          })).records[0]!.get("n"),
        ) as number
      );
    let sent = await countSent();
    for (const until = Date.now() + 30_000; sent < o.n && Date.now() < until; sent = await countSent()) {
      await new Promise((r) => setTimeout(r, 250));
    }
    return {
      label: o.label,
      subscribers: o.n,
      timeToLastS: last / 1000,
      deliveriesPerSecond: paths.size / (last / 1000),
      sentInGraph: sent,
      duplicates: msgs.length - paths.size,
    };
  } finally {
    await Promise.all(procs.map((p) => p.stop(20_000)));
    if (Deno.env.get("BENCH_KEEP_LOGS")) console.error(`logs in ${tmp}`);
    else await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

async function neo4jOutage(env: Record<string, string>): Promise<ClusterResult["neo4jOutage"]> {
  const dataDir = await Deno.makeTempDir({ prefix: "yibao-bench-outage-" });
  const port = freePort();
  const password = crypto.randomUUID().replaceAll("-", "");
  let neo4j = await startNeo4j({ dataDir, port, password, heap: "512m" });
  const vars: Record<string, string> = {
    NEO4J_URI: neo4j.uri.replace(/^bolt:/, "neo4j:"),
    NEO4J_PASSWORD: password,
    NATS_URL: env.YIBAO_TEST_NATS_URL!,
    AUTH_TOKEN_SECRET: "bench-secret-bench-secret-bench-secret-00",
    PORT: "0",
    LOG_LEVEL: "error",
    SHUTDOWN_GRACE_MS: "2000",
  };
  const services = [];
  try {
    for (const spec of [policy, policyAdmin, eligibility, sessions, notifications]) {
      services.push(await runService(spec as never, { env: (k) => vars[k], handleSignals: false }));
    }
    await neo4j.stop(30_000);
    const down = performance.now();
    await new Promise((r) => setTimeout(r, 10_000));
    neo4j = await startNeo4j({ dataDir, port, password, heap: "512m" });
    const back = performance.now();
    let ready = false;
    while (!ready && performance.now() - back < 120_000) {
      ready = (await Promise.all(services.map(async (s) => (await s.app.request("/readyz")).status === 200)))
        .every(Boolean);
      if (!ready) await new Promise((r) => setTimeout(r, 100));
    }
    return {
      idleS: 10,
      awayS: (back - down) / 1000,
      readyAfterMs: ready ? performance.now() - back : NaN,
      services: services.length,
    };
  } finally {
    for (const s of services) await s.shutdown().catch(() => {});
    await neo4j.stop(30_000).catch(() => {});
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}

/** Runs the three measurements against the run's servers in `env` and a cluster of its own. */
export async function clusterBench(env: Record<string, string>, n = 10_000): Promise<ClusterResult> {
  const sink = await startSink();
  const graph = benchGraph(env);
  const dir = await Deno.makeTempDir({ prefix: "yibao-bench-nats-cluster-" });
  const cluster = await startNatsCluster({ dir });
  const single = await connectEventBus({ NATS_URL: env.YIBAO_TEST_NATS_URL!, NATS_STREAM_REPLICAS: 1 }, {
    name: "bench-single",
  });
  const bus = await connectEventBus({ NATS_URL: cluster.url, NATS_STREAM_REPLICAS: 3 }, {
    name: "bench-cluster",
  });
  try {
    await ensureStreams(single, 1);
    await ensureStreams(bus, 3);
    // a warm-up fan-out, so neither measured run pays for Neo4j planning the delivery queries
    await fanOut(env, graph, single, sink, {
      label: "warm-up",
      natsUrl: env.YIBAO_TEST_NATS_URL!,
      streamReplicas: 1,
      replicas: 1,
      n: 2_000,
    });
    sink.clear();
    const one = await fanOut(env, graph, single, sink, {
      label: "1 NATS node, 1 notifications replica",
      natsUrl: env.YIBAO_TEST_NATS_URL!,
      streamReplicas: 1,
      replicas: 1,
      n,
    });
    sink.clear();
    const three = await fanOut(env, graph, bus, sink, {
      label: "3 NATS nodes (R3), 2 notifications replicas",
      natsUrl: cluster.url,
      streamReplicas: 3,
      replicas: 2,
      n,
    });
    sink.clear();

    const info = await bus.jsm.streams.info(eventsStream);
    const leader = info.cluster?.leader ?? "";
    const probes = probePublisher(bus, `bench-${crypto.randomUUID().slice(0, 8)}`);
    await new Promise((r) => setTimeout(r, 1_000));
    const victim = cluster.nodes.findIndex((node) => node.serverName === leader);
    await cluster.crash(victim);
    const election = await awaitNewLeader(bus, eventsStream, leader);
    await new Promise((r) => setTimeout(r, 1_000));
    await probes.stop();
    const waits = probes.results.filter((p) => (p.result?.attempts ?? 1) > 1).map((p) => p.result!.waitedMs)
      .sort((a, b) => a - b);
    const outage = await neo4jOutage(env);
    return {
      fanOuts: [one, three],
      election: {
        leader,
        newLeader: election.leader,
        ms: election.ms,
        publishes: probes.results.length,
        retried: waits.length,
        maxWaitMs: waits.at(-1) ?? 0,
        p50WaitMs: waits[Math.floor(waits.length / 2)] ?? 0,
        failed: probes.results.filter((p) => !p.result).length,
      },
      neo4jOutage: outage,
    };
  } finally {
    await single.close().catch(() => {});
    await bus.close().catch(() => {});
    await cluster.stop(5_000);
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    await graph.close();
    await sink.stop();
  }
}

/** The report lines for the figures. */
export function clusterReport(r: ClusterResult): string[] {
  const [one, three] = r.fanOuts;
  const line = (x: ClusterFanOut) =>
    `  ${x.label}: last delivery ${x.timeToLastS.toFixed(2)} s, ${
      x.deliveriesPerSecond.toFixed(0)
    } deliveries/s, ` +
    `${x.sentInGraph} recorded sent, duplicates ${x.duplicates}`;
  const e = r.election;
  return [
    `Cluster: fan-out of one amendment to ${one?.subscribers ?? 0} webhook subscribers:`,
    ...r.fanOuts.map(line),
    `  ratio (3 nodes R3 + 2 replicas) / (1 node + 1 replica), deliveries/s: ${
      one && three ? (three.deliveriesPerSecond / one.deliveriesPerSecond).toFixed(2) : "n/a"
    }`,
    `  EVENTS leader ${e.leader} killed (SIGKILL): new leader ${e.newLeader} after ${Math.round(e.ms)} ms; ` +
    `${e.publishes} publishes every 50 ms, ${e.retried} retried under their Nats-Msg-Id ` +
    `(wait p50 ${Math.round(e.p50WaitMs)} ms, max ${Math.round(e.maxWaitMs)} ms), ${e.failed} gave up`,
    `  Neo4j stopped ${r.neo4jOutage.idleS} s, then started again (away ${
      r.neo4jOutage.awayS.toFixed(1)
    } s ` +
    `with its start): every /readyz of ${r.neo4jOutage.services} services true ` +
    `${Math.round(r.neo4jOutage.readyAfterMs)} ms after Neo4j was back (no restart)`,
    "",
  ];
}

if (import.meta.main) {
  const { startTestServers } = await import("../../deploy/local/dev/run_tests.ts");
  const servers = await startTestServers();
  try {
    console.log(clusterReport(await clusterBench(servers.env)).join("\n"));
  } finally {
    await servers.stop();
  }
}
