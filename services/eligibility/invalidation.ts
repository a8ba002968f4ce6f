import { type CloudEvent, createEvent, type EventBus, type EventLog, publishEvent } from "@yibao/events";
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
      createEvent({
        id: `synced:${rulesChannel}:${options.instanceId}:${event.id}`,
        type: "channel.synced",
        source: `/services/eligibility/${options.instanceId}`,
        ...(data.policyId ? { subject: data.policyId } : {}),
        data: {
          channel: rulesChannel,
          consumer: options.instanceId,
          eventId: event.id,
          eventType: event.type,
          ...(data.policyId ? { policyId: data.policyId } : {}),
          ...(data.amendmentId ? { amendmentId: data.amendmentId } : {}),
          syncedAt: new Date().toISOString(),
        },
      }),
    );
  };
}
