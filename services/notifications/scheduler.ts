import { type EventBus, type EventLog, publishEvent, syncedEvent } from "@yibao/events";
import { publishJobs } from "./jobs.ts";
import type { NotificationsRepository } from "./repository.ts";

/** The channel name this service reports in `channel.synced`. */
export const notificationsChannel = "notifications";

/**
 * Every replica runs one: due deferred and retried deliveries (and jobs lost in a crash) go back
 * to the work queue, claimed by a conditional update so two replicas never enqueue the same one
 * twice; events whose deliveries are all final are acknowledged with `channel.synced` (published,
 * then marked settled; the id deduplicates a second replica's copy), carrying N of M by channel.
 */
export function startScheduler(
  repo: NotificationsRepository,
  bus: EventBus,
  options: { instanceId: string; intervalMs: number; staleMs: number; log: EventLog },
): { stop(): Promise<void>; runOnce(): Promise<void> } {
  let running = true;
  let wake: (() => void) | undefined;
  async function runOnce(): Promise<void> {
    for (;;) {
      const due = await repo.takeDue(options.instanceId, options.staleMs);
      if (due.length) await publishJobs(bus, due);
      if (due.length < 1_000) break;
    }
    // Publish first, then mark: a failed publish leaves the event for the next round, and two
    // replicas publishing the same acknowledgement are deduplicated by its id (Nats-Msg-Id).
    for (const s of await repo.settledEvents()) {
      const channels = s.channels.filter((c) => c && c.channel);
      const total = channels.reduce((n, c) => n + c.total, 0);
      const reached = channels.reduce((n, c) => n + c.sent, 0);
      await publishEvent(
        bus,
        syncedEvent({
          channel: notificationsChannel,
          consumer: notificationsChannel,
          source: "/services/notifications",
          eventId: s.eventId,
          eventType: s.eventType,
          policyId: s.policyId,
          amendmentId: s.amendmentId,
          detail: {
            subscribers: s.targeted ?? 0,
            reached,
            total,
            byChannel: channels.map((c) => ({ channel: c.channel, reached: c.sent, total: c.total })),
          },
        }),
      );
      await repo.markSettled(s.eventId);
      options.log.info("event deliveries settled", { eventId: s.eventId, reached, total });
    }
  }
  const loop = (async () => {
    while (running) {
      try {
        await runOnce();
      } catch (err) {
        options.log.warn("notification scheduler round failed", { error: String(err) });
      }
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, options.intervalMs);
      });
    }
  })();
  return {
    runOnce,
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
