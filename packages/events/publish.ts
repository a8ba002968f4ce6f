import { headers as natsHeaders } from "@nats-io/nats-core";
import type { EventBus } from "./bus.ts";
import { requestIdHeader, subjectFor, validateEventData } from "./contract.ts";
import type { CloudEvent } from "./envelope.ts";

/** What JetStream said about a publish. */
export interface PublishResult {
  stream: string;
  seq: number;
  /** True when the server had already stored an event with this id (within the duplicate window). */
  duplicate: boolean;
}

/**
 * Publishes `event` on `events.<type>` with its id as `Nats-Msg-Id`, so a repeat within the
 * stream's duplicate window is stored once. Validates the data against the contract first.
 */
export function publishEvent(
  bus: EventBus,
  event: CloudEvent,
  options: { requestId?: string } = {},
): Promise<PublishResult> {
  validateEventData(event.type, event.data);
  return publishSerialized(bus, {
    subject: subjectFor(event.type),
    id: event.id,
    payload: JSON.stringify(event),
    requestId: options.requestId,
  });
}

/** Publishes an already serialised event (as the outbox stores it). */
export async function publishSerialized(
  bus: EventBus,
  e: { subject: string; id: string; payload: string; requestId?: string | null | undefined },
): Promise<PublishResult> {
  const h = natsHeaders();
  h.set("Content-Type", "application/cloudevents+json");
  if (e.requestId) h.set(requestIdHeader, e.requestId);
  const ack = await bus.js.publish(e.subject, e.payload, { msgID: e.id, headers: h });
  return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
}
