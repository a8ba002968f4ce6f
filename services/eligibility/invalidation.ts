import { type CloudEvent, type EventBus, type EventLog, publishEvent, syncedEvent } from "@yibao/events";
import type { RulesSource } from "./rules_source.ts";

/** The channel name this service reports in `channel.synced`. */
export const rulesChannel = "eligibility-rules";

/**
 * On a policy event, forgets the rules of the regions the policy reaches (where it applies and
 * every region below; every region when that is unknown) so they are read again, keeps every other
 * region's, and acknowledges with `channel.synced`.
 */
export function rulesReloadHandler(
  rules: RulesSource,
  bus: EventBus,
  options: {
    instanceId: string;
    log: EventLog;
    /** The regions a policy reaches (`policyReach`); null when it does not exist. */
    reach: (policyId: string) => Promise<ReadonlySet<string> | null>;
  },
): (event: CloudEvent) => Promise<void> {
  return async (event) => {
    const data = event.data as { policyId?: string; amendmentId?: string };
    const reach = data.policyId
      ? await options.reach(data.policyId).catch((err) => {
        options.log.warn("policy reach unknown, reloading every region", {
          policyId: data.policyId,
          error: String(err),
        });
        return null;
      })
      : null;
    const dropped = rules.invalidate(reach);
    options.log.info("benefit rules reloaded", {
      eventId: event.id,
      policyId: data.policyId,
      regions: reach?.size ?? "all",
      dropped,
      kept: rules.size,
    });
    await publishEvent(
      bus,
      syncedEvent({
        channel: rulesChannel,
        consumer: options.instanceId,
        source: `/services/eligibility/${options.instanceId}`,
        eventId: event.id,
        eventType: event.type,
        policyId: data.policyId,
        amendmentId: data.amendmentId,
      }),
    );
  };
}
