import { type CloudEvent, type EventBus, type EventLog, publishEvent, syncedEvent } from "@yibao/events";
import type { ReadCache } from "./cache.ts";

/** The channel name this service reports in `channel.synced`. */
export const cacheChannel = "policy-cache";

/**
 * Handles `policy.amendment.published` and `policy.version.effective`: drops what the cache held
 * for the policy, then acknowledges with `channel.synced` (one per instance, since every instance
 * has its own cache). The acknowledgement's id is derived from the event and the instance, so a
 * redelivery does not report twice.
 */
export function cacheInvalidationHandler(
  cache: ReadCache,
  bus: EventBus,
  options: { instanceId: string; log: EventLog },
): (event: CloudEvent) => Promise<void> {
  return async (event) => {
    const data = event.data as { policyId?: string; amendmentId?: string };
    if (!data.policyId) return;
    const dropped = cache.invalidatePolicy(data.policyId);
    options.log.info("cache invalidated", { eventId: event.id, policyId: data.policyId, dropped });
    await publishEvent(
      bus,
      syncedEvent({
        channel: cacheChannel,
        consumer: options.instanceId,
        source: `/services/policy/${options.instanceId}`,
        eventId: event.id,
        eventType: event.type,
        policyId: data.policyId,
        amendmentId: data.amendmentId,
      }),
    );
  };
}
