import { headers as natsHeaders, type MsgHdrs } from "@nats-io/nats-core";
import type { EventBus } from "./bus.ts";
import { bookmarkHeader, requestIdHeader, subjectFor, validateEventData } from "./contract.ts";
import type { CloudEvent } from "./envelope.ts";

/** What JetStream said about a publish. */
export interface PublishResult {
  stream: string;
  seq: number;
  /** True when the server had already stored an event with this id (within the duplicate window). */
  duplicate: boolean;
  /** Attempts it took (more than 1 when the stream had no leader for a while, e.g. during an election). */
  attempts: number;
  /** How long the publish took when its first attempt failed (0 when it did not), in ms. */
  waitedMs: number;
}

/** How long a publish keeps retrying under its `Nats-Msg-Id` before it gives up (default 30 s). */
export interface PublishRetry {
  retryForMs?: number;
}

/**
 * Publishes `event` on `events.<type>` with its id as `Nats-Msg-Id`, so a repeat within the
 * stream's duplicate window is stored once. Validates the data against the contract first.
 */
export function publishEvent(
  bus: EventBus,
  event: CloudEvent,
  options: { requestId?: string; bookmarks?: string[] } & PublishRetry = {},
): Promise<PublishResult> {
  validateEventData(event.type, event.data);
  return publishSerialized(bus, {
    subject: subjectFor(event.type),
    id: event.id,
    payload: JSON.stringify(event),
    requestId: options.requestId,
    bookmarks: options.bookmarks,
  }, options);
}

/**
 * Publishes an already serialised event (as the outbox stores it). When JetStream does not answer
 * (no stream leader during an election, a node gone, a reconnect under way) the same message is
 * sent again under the same `Nats-Msg-Id`, with a growing pause, until `retryForMs` has passed: a
 * first attempt that was stored after all is then acknowledged as a duplicate, never stored twice.
 */
export async function publishSerialized(
  bus: EventBus,
  e: {
    subject: string;
    id: string;
    payload: string;
    requestId?: string | null | undefined;
    /** Neo4j bookmarks a consumer's reads should wait for (see `bookmarkHeader`). */
    bookmarks?: string[] | null | undefined;
  },
  options: PublishRetry = {},
): Promise<PublishResult> {
  const h = natsHeaders();
  h.set("Content-Type", "application/cloudevents+json");
  if (e.requestId) h.set(requestIdHeader, e.requestId);
  for (const b of e.bookmarks ?? []) h.append(bookmarkHeader, b);
  const started = Date.now();
  const deadline = started + (options.retryForMs ?? 30_000);
  let attempts = 0;
  while (true) {
    attempts++;
    try {
      const ack = await bus.js.publish(e.subject, e.payload, { msgID: e.id, headers: h, timeout: 5_000 });
      return {
        stream: ack.stream,
        seq: ack.seq,
        duplicate: ack.duplicate,
        attempts,
        waitedMs: attempts > 1 ? Date.now() - started : 0,
      };
    } catch (err) {
      if (bus.nc.isClosed() || Date.now() >= deadline) throw err;
      await new Promise((r) => setTimeout(r, Math.min(1_000, 100 * 2 ** Math.min(attempts - 1, 4))));
    }
  }
}

/** The Neo4j bookmarks an event carries in its headers (empty when none). */
export function bookmarksOf(headers: MsgHdrs | undefined): string[] {
  return headers?.values(bookmarkHeader)?.filter((b) => b.length > 0) ?? [];
}
