import { startConsumer } from "@yibao/events";
import type { ServiceSpec } from "@yibao/kit";
import { closePinnedPools } from "./channels/pinned_post.ts";
import { providersFrom } from "./channels/providers.ts";
import { notificationsEnvSchema } from "./config.ts";
import { fanOutHandler } from "./fanout.ts";
import { ensureJobsStream } from "./jobs.ts";
import { NotificationsRepository } from "./repository.ts";
import { registerDeliveryRoutes } from "./routes/deliveries.ts";
import { registerEndpointRoutes } from "./routes/endpoints.ts";
import { registerSubscriberRoutes } from "./routes/subscribers.ts";
import { startScheduler } from "./scheduler.ts";
import { startDeliveryWorker } from "./worker.ts";

/** The notifications service: subscribers, graph targeting, fan-out, channels, retries and partner webhooks. */
export const service: ServiceSpec<typeof notificationsEnvSchema> = {
  name: "notifications",
  version: "0.2.0",
  defaultPort: 8105,
  title: "医保政策通 · 消息推送 / Notifications",
  description:
    "订阅者、定向、扇出、渠道、重试与合作方回调。Subscribers, targeting, fan-out, channels, retries and partner webhooks.",
  env: notificationsEnvSchema,
  async setup({ app, graph, bus, log, config, instanceId, onShutdown }) {
    const repo = new NotificationsRepository(graph);
    const urlPolicy = { allowHttp: config.WEBHOOK_ALLOW_HTTP, allowHosts: config.WEBHOOK_ALLOW_HOSTS };
    registerSubscriberRoutes(app, repo);
    registerEndpointRoutes(app, repo, urlPolicy);
    registerDeliveryRoutes(app, repo, bus, instanceId);

    await ensureJobsStream(bus, config.NATS_STREAM_REPLICAS, { log, waitMs: config.STARTUP_TIMEOUT_MS });
    // The replicas share the worker's durable consumer: each job goes to one of them.
    const worker = await startDeliveryWorker(bus, repo, providersFrom(config), {
      instanceId,
      log,
      claimMs: config.DELIVERY_CLAIM_MS,
      concurrency: config.DELIVERY_CONCURRENCY,
      scheduleMs: config.DELIVERY_RETRY_SCHEDULE_MS,
      jitter: config.DELIVERY_RETRY_JITTER,
    });
    onShutdown(async () => {
      await worker.stop();
      // the webhooks' kept-alive connections close with the worker
      closePinnedPools();
    });
    const scheduler = startScheduler(repo, bus, {
      instanceId,
      intervalMs: config.SCHEDULER_INTERVAL_MS,
      staleMs: Math.max(2 * config.DELIVERY_CLAIM_MS, 10_000),
      log,
    });
    onShutdown(() => scheduler.stop());
    // Fan-out: one durable consumer per event family, shared by the replicas.
    const fanOut = fanOutHandler(repo, bus, { log, digestWindowMs: config.DIGEST_WINDOW_MS });
    for (
      const [durable, filterSubject] of [
        ["notifications-fanout-policy", "events.policy.>"],
        ["notifications-fanout-session", "events.session.>"],
      ] as const
    ) {
      const consumer = await startConsumer(bus, { durable, filterSubject, ackWaitMs: 20_000 }, fanOut, {
        log,
      });
      onShutdown(() => consumer.stop());
    }
  },
};
