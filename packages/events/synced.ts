import { type CloudEvent, createEvent } from "./envelope.ts";

/** What a consumer acknowledges: the event it handled, and the policy and amendment it was about. */
export interface SyncedAck {
  /** The dependent channel, e.g. `policy-cache`, `eligibility-rules`, `sessions`, `notifications`. */
  channel: string;
  /** Who acknowledges: an instance id when every replica acts, else the channel itself. */
  consumer: string;
  /** The CloudEvents source of the acknowledgement. */
  source: string;
  eventId: string;
  eventType: string;
  policyId?: string | null;
  amendmentId?: string | null;
  /** What the channel adds (e.g. sessions flagged, N of M reached). */
  detail?: Record<string, unknown>;
}

/**
 * The `channel.synced` event a consumer publishes once it has acted on an event, so an operator
 * can follow an amendment's propagation. Its id is derived from the channel, the consumer and the
 * event, so a repeat of the same acknowledgement is deduplicated by JetStream.
 */
export function syncedEvent(ack: SyncedAck): CloudEvent {
  const who = ack.consumer === ack.channel ? "" : `${ack.consumer}:`;
  return createEvent({
    id: `synced:${ack.channel}:${who}${ack.eventId}`,
    type: "channel.synced",
    source: ack.source,
    ...(ack.policyId ? { subject: ack.policyId } : {}),
    data: {
      channel: ack.channel,
      consumer: ack.consumer,
      eventId: ack.eventId,
      eventType: ack.eventType,
      ...(ack.policyId ? { policyId: ack.policyId } : {}),
      ...(ack.amendmentId ? { amendmentId: ack.amendmentId } : {}),
      ...ack.detail,
      syncedAt: new Date().toISOString(),
    },
  });
}
