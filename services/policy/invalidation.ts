import { type CloudEvent, type EventBus, type EventLog, publishEvent, syncedEvent } from "@yibao/events";
import type { ReadCache } from "./cache.ts";

/** The channel name this service reports in `channel.synced`. */
export const cacheChannel = "policy-cache";

/**
 * Handles `policy.amendment.published`, `policy.amendment.withdrawn` and `policy.version.effective`:
 * drops what the cache held that the policy can change (its own entries, the lists and searches of
 * the regions it reaches, the region-less catalogue) and keeps every other region's, then acknowledges with `channel.synced` (one per instance, since every instance
 * has its own cache). The acknowledgement's id is derived from the event and the instance, so a
 * redelivery does not report twice.
 */
export function cacheInvalidationHandler(
  cache: ReadCache,
  bus: EventBus,
  options: {
    instanceId: string;
    log: EventLog;
    /** The regions a policy reaches (`policyReach`); null when it does not exist. */
    reach: (policyId: string) => Promise<ReadonlySet<string> | null>;
    /** Brings what else this instance keeps of the policy up to date first (the search index). */
    policyChanged?: (policyId: string) => Promise<void>;
  },
): (event: CloudEvent) => Promise<void> {
  return async (event) => {
    const data = event.data as { policyId?: string; amendmentId?: string };
    if (!data.policyId) return;
    await options.policyChanged?.(data.policyId).catch((err) =>
      options.log.warn("search index reload failed", { policyId: data.policyId, error: String(err) })
    );
    // Unknown reach (the graph unreachable, the policy gone): drop every region's entries, never too few.
    const reach = await options.reach(data.policyId).catch((err) => {
      options.log.warn("policy reach unknown, dropping every region", {
        policyId: data.policyId,
        error: String(err),
      });
      return null;
    });
    const dropped = cache.invalidatePolicy(data.policyId, reach);
    options.log.info("cache invalidated", {
      eventId: event.id,
      policyId: data.policyId,
      regions: reach?.size ?? "all",
      dropped,
      kept: cache.size,
    });
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
