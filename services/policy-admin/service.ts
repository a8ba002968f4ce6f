import { createOutboxRelay, startConsumer } from "@yibao/events";
import type { ServiceSpec } from "@yibao/kit";
import { startEffectiveAnnouncer } from "./announcer.ts";
import { policyAdminEnvSchema } from "./config.ts";
import { AdminRepository } from "./repository.ts";
import { registerAmendmentRoutes } from "./routes/amendments.ts";
import { registerDeskRoutes } from "./routes/desk.ts";
import { registerReportRoutes } from "./routes/reports.ts";

/** policy-admin: the operators' amendment workflow, the outbox relay, the effective-version announcer, the propagation report. */
export const service: ServiceSpec<typeof policyAdminEnvSchema> = {
  name: "policy-admin",
  version: "0.2.0",
  defaultPort: 8102,
  title: "医保政策通 · 政策修订 / Policy administration",
  description:
    "运营人员起草、审核（双人复核）、发布政策修订，经事务性发件箱通知各渠道。Operators draft, review (four eyes) and publish amendments, announced through the transactional outbox.",
  env: policyAdminEnvSchema,
  async setup({ app, graph, bus, log, config, instanceId, onShutdown }) {
    const repo = new AdminRepository(graph);
    // Every replica runs a relay: events written to the outbox in a transaction reach JetStream.
    const relay = createOutboxRelay(graph, bus, { relayId: instanceId, log });
    relay.start();
    onShutdown(() => relay.stop());
    registerDeskRoutes(app, repo);
    registerAmendmentRoutes(app, repo, relay);
    registerReportRoutes(app, repo);
    const announcer = startEffectiveAnnouncer(repo, relay, {
      instanceId,
      intervalMs: config.EFFECTIVE_CHECK_INTERVAL_MS,
      log,
    });
    onShutdown(() => announcer.stop());
    // The replicas share one durable consumer: each acknowledgement is recorded once.
    const syncs = await startConsumer(
      bus,
      {
        durable: "policy-admin-propagation",
        filterSubject: "events.channel.synced",
      },
      (e) => repo.recordSyncedEvent(e.data as Record<string, unknown>),
      { log },
    );
    onShutdown(() => syncs.stop());
  },
};
