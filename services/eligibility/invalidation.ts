import { type CloudEvent, type EventBus, type EventLog, publishEvent, syncedEvent } from "@yibao/events";
import type { RulesSource } from "./rules_source.ts";

/** The channel name this service reports in `channel.synced`. */
export const rulesChannel = "eligibility-rules";

/** Reloads rules on policy events (the cache is dropped) and acknowledges with `channel.synced`. */
export function rulesReloadHandler(
  rules: RulesSource,
  bus: EventBus,
  options: { instanceId: string; log: EventLog },
): (event: CloudEvent) => Promise<void> {
  return async (event) => {
    const data = event.data as { policyId?: string; amendmentId?: string };
    const dropped = rules.invalidate();
    options.log.info("benefit rules reloaded", { eventId: event.id, policyId: data.policyId, dropped });
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
