/** The notifications service in-process against the run's Neo4j and NATS, with a sink of its own, and graph fixtures. */
import { issueToken, type RunningService, runService } from "@yibao/kit";
import { createEvent, type EventBus, publishEvent } from "@yibao/events";
import { service as notifications } from "../../services/notifications/service.ts";
import { type Sink, startSink } from "../../services/notifications/sink/sink.ts";
import { serviceEnv, testBus, testGraph, testTokenSecret, unique } from "../harness/mod.ts";

export { call } from "../policy/_suite.ts";

/** Test settings: short retries and windows, a sink on a free port, http to 127.0.0.1 allowed. */
export function notificationsEnv(sink: Sink, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NOTIFY_SINK_URL: sink.url,
    WEBHOOK_ALLOW_HTTP: "true",
    WEBHOOK_ALLOW_HOSTS: "127.0.0.1",
    DELIVERY_RETRY_SCHEDULE_MS: "300,600",
    DELIVERY_RETRY_JITTER: "0",
    DELIVERY_CLAIM_MS: "5000",
    DELIVERY_TIMEOUT_MS: "2000",
    SCHEDULER_INTERVAL_MS: "100",
    DIGEST_WINDOW_MS: "1500",
    ...extra,
  };
}

/** A running notifications service with its sink and a bus to publish events on. */
export interface NotifySuite {
  svc: RunningService;
  sink: Sink;
  bus: EventBus;
  tokens: { operator: string; admin: string; host: string; reviewer: string };
  stop(): Promise<void>;
}

/** Starts the service (and a sink) for one test. */
export async function startNotifications(extra: Record<string, string> = {}): Promise<NotifySuite> {
  const sink = await startSink();
  const svc = await runService(notifications, {
    env: serviceEnv(notificationsEnv(sink, extra)),
    handleSignals: false,
  });
  const bus = await testBus();
  const t = (sub: string, role: "operator" | "reviewer" | "host" | "admin") =>
    issueToken(testTokenSecret, { sub, role, name: sub });
  return {
    svc,
    sink,
    bus,
    tokens: {
      operator: await t("op-ann", "operator"),
      admin: await t("adm-eve", "admin"),
      host: await t("host-dai", "host"),
      reviewer: await t("rev-cai", "reviewer"),
    },
    async stop() {
      await svc.shutdown();
      await bus.close();
      await sink.stop();
    },
  };
}

/** A policy of the test's own, with a topic of its own, applying in `region`, for `audiences`. */
export async function ownPolicy(region: string, audiences: string[] = ["insured", "elderly"]) {
  const policyId = `pol-${unique("n").slice(2)}`;
  const topicId = `t${unique("n").replace(/-/g, "")}`;
  const graph = testGraph();
  try {
    await graph.write((tx) =>
      tx.run(
        `MERGE (t:Topic {id: $topicId}) SET t.nameZh = '测试主题', t.nameEn = 'Test topic'
         CREATE (p:Policy {id: $policyId, docNumber: '测试〔2025〕1号', issuer: '测试医保局', latestVersion: 1})
         CREATE (p)-[:ABOUT]->(t)
         // a whole version, as policy-admin would write it: other tests' readers list it too
         CREATE (p)-[:HAS_VERSION]->(:PolicyVersion {id: $policyId + '@1', policyId: $policyId, version: 1,
                 title: '测试门诊统筹政策', body: '测试用的政策正文。', summaries: '{}', rules: '[]', eligibility: '[]',
                 effectiveFrom: date('2020-01-01'), effectiveTo: null, publishedAt: datetime('2019-12-01T00:00:00Z')})
         WITH p
         MATCH (r:Region {code: $region}) CREATE (p)-[:APPLIES_IN]->(r)
         WITH p
         UNWIND $audiences AS a MATCH (au:Audience {id: a}) CREATE (p)-[:TARGETS]->(au)`,
        { policyId, topicId, region, audiences },
      )
    );
  } finally {
    await graph.close();
  }
  return { policyId, topicId };
}

/** Publishes a `policy.amendment.published` for the policy, as policy-admin's relay would. */
export async function publishAmendment(bus: EventBus, policyId: string, extra: Record<string, unknown> = {}) {
  const event = createEvent({
    type: "policy.amendment.published",
    source: "/tests/notifications",
    subject: policyId,
    data: {
      amendmentId: `amd-${crypto.randomUUID()}`,
      policyId,
      version: 2,
      effectiveFrom: "2025-07-01",
      summary: "起付线下调。",
      changes: [{ field: "rules.op.deductible", before: 1800, after: 1300 }],
      ...extra,
    },
  });
  await publishEvent(bus, event);
  return event;
}

/** A subscriber body with a webhook channel to `endpointId`. */
export function webhookSubscriber(
  endpointId: string,
  follows: Record<string, string[]>,
  extra: Record<string, unknown> = {},
) {
  return { kind: "partnerApp", channels: [{ type: "webhook", endpointId }], follows, ...extra };
}
