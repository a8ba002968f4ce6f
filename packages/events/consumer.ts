import { headers as natsHeaders, nanos } from "@nats-io/nats-core";
import { AckPolicy, type ConsumerMessages, DeliverPolicy, type JsMsg } from "@nats-io/jetstream";
import { withBookmarks } from "@yibao/graph";
import type { EventBus } from "./bus.ts";
import { deadLetterSubjectFor, eventsStream, requestIdHeader } from "./contract.ts";
import { type DeclareOptions, untilDeclared } from "./declare.ts";
import { type CloudEvent, parseEvent } from "./envelope.ts";
import { type EventLog, stderrLog } from "./log.ts";
import { bookmarksOf } from "./publish.ts";
import { declareConsumer } from "./streams.ts";

/** A durable consumer, declared from code. */
export interface ConsumerSpec {
  /** Durable name, unique per purpose, shared by every replica of a service (e.g. `policy-cache`). */
  durable: string;
  /** Which events, e.g. `events.policy.>` (default: every event). */
  filterSubject?: string;
  /** Stream (default `EVENTS`). */
  stream?: string;
  /** Attempts before a message goes to `deadletter.<durable>` (default 5). */
  maxAttempts?: number;
  /** Delay before attempt n+1, in ms; the last value repeats (default 1 s, 5 s, 30 s, 2 min). */
  backoffMs?: number[];
  /** How long the server waits for an ack before redelivering, in ms (default 30 s); a handler still running keeps its message (it reports progress every third of this). */
  ackWaitMs?: number;
  /** Start with every stored event, or only those published after the consumer was created (default `all`). */
  deliver?: "all" | "new";
  /**
   * Delete the consumer after this long without a client, in ms: for a consumer of one instance
   * (e.g. a cache that every replica must invalidate), so a vanished replica leaves nothing behind.
   */
  inactiveThresholdMs?: number;
}

/** What a handler knows besides the event. */
export interface DeliveryContext {
  /** 1 on first delivery. */
  attempt: number;
  subject: string;
  requestId?: string;
  /** The Neo4j bookmarks the event carried (set by the consumer loop); the handler's graph reads already wait for them. */
  bookmarks?: string[];
}

/** Handles one event; a throw means "try again later", until the attempts run out. */
export type EventHandler = (event: CloudEvent, ctx: DeliveryContext) => Promise<void>;

/** A running consumer loop. */
export interface RunningConsumer {
  /** Stops pulling, lets the message in hand finish, and resolves when the loop has ended. */
  stop(): Promise<void>;
}

/** Creates the durable consumer, or updates its mutable settings. */
export async function ensureConsumer(
  bus: EventBus,
  spec: ConsumerSpec,
  options: DeclareOptions = {},
): Promise<void> {
  const stream = spec.stream ?? eventsStream;
  const config = {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(spec.ackWaitMs ?? 30_000),
    // The limit is enforced here, not by the server: a message is dead-lettered before it is
    // terminated, so a crash in between only means one more delivery, never a lost message.
    max_deliver: -1,
    max_ack_pending: 1_000,
    ...(spec.filterSubject ? { filter_subject: spec.filterSubject } : {}),
    ...(spec.inactiveThresholdMs ? { inactive_threshold: nanos(spec.inactiveThresholdMs) } : {}),
  };
  await declareConsumer(bus, stream, config, {
    deliver_policy: spec.deliver === "new" ? DeliverPolicy.New : DeliverPolicy.All,
  }, options);
}

/**
 * Declares the consumer and runs `handler` for each event, acking explicitly. A handler that
 * throws is retried after a back-off; after `maxAttempts` the message is published to
 * `deadletter.<durable>` (with the reason in headers) and terminated. A message that is not a
 * CloudEvent goes straight to the dead letters.
 */
export async function startConsumer(
  bus: EventBus,
  spec: ConsumerSpec,
  handler: EventHandler,
  options: { log?: EventLog } = {},
): Promise<RunningConsumer> {
  const log = options.log ?? stderrLog;
  const stream = spec.stream ?? eventsStream;
  const maxAttempts = spec.maxAttempts ?? 5;
  const ackWaitMs = spec.ackWaitMs ?? 30_000;
  const backoff = spec.backoffMs?.length ? spec.backoffMs : [1_000, 5_000, 30_000, 120_000];
  await ensureConsumer(bus, spec, { log });
  const consumer = await untilDeclared(
    `consumer ${spec.durable} on ${stream}`,
    () => bus.js.consumers.get(stream, spec.durable),
    { log },
  );
  let messages: ConsumerMessages | undefined;
  let stopping = false;

  const loop = (async () => {
    while (!stopping) {
      try {
        messages = await consumer.consume({ max_messages: 100 });
        for await (const m of messages) {
          await handleOne(m);
          if (stopping) break;
        }
      } catch (err) {
        if (stopping) break;
        log.warn("consumer loop restarting", { consumer: spec.durable, error: String(err) });
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  })();

  async function handleOne(m: JsMsg): Promise<void> {
    const attempt = m.info.deliveryCount;
    let event: CloudEvent;
    try {
      event = parseEvent(m.data);
    } catch (err) {
      await deadLetter(m, `not a valid CloudEvent: ${(err as Error).message}`, undefined);
      return;
    }
    if (attempt > maxAttempts) {
      // a previous attempt ran out but the process died before dead-lettering it
      await deadLetter(m, "attempts exhausted", event);
      return;
    }
    const requestId = m.headers?.get(requestIdHeader) || undefined;
    // While the handler runs, tell the server it is still at work, so a long handler (a large
    // fan-out) keeps its message and only a dead process's message is redelivered after ack_wait.
    const beat = setInterval(() => m.working(), Math.max(1_000, Math.floor(ackWaitMs / 3)));
    try {
      // Every graph transaction the handler opens waits for the write behind the event (causal
      // consistency on a Neo4j cluster), whatever Graph it uses.
      const bookmarks = bookmarksOf(m.headers);
      await withBookmarks(
        bookmarks,
        () => handler(event, { attempt, subject: m.subject, bookmarks, ...(requestId ? { requestId } : {}) }),
      );
      clearInterval(beat);
      m.ack();
    } catch (err) {
      clearInterval(beat);
      const reason = err instanceof Error ? err.message : String(err);
      if (attempt >= maxAttempts) {
        await deadLetter(m, reason, event);
      } else {
        const delay = backoff[Math.min(attempt - 1, backoff.length - 1)]!;
        log.warn("event handler failed; will retry", {
          consumer: spec.durable,
          eventId: event.id,
          attempt,
          retryInMs: delay,
          error: reason,
        });
        m.nak(delay);
      }
    }
  }

  async function deadLetter(m: JsMsg, reason: string, event: CloudEvent | undefined): Promise<void> {
    const h = natsHeaders();
    h.set("Yibao-Dead-Letter-Reason", reason.slice(0, 500).replace(/[\r\n]+/g, " "));
    h.set("Yibao-Original-Subject", m.subject);
    h.set("Yibao-Original-Sequence", String(m.seq));
    h.set("Yibao-Delivery-Count", String(m.info.deliveryCount));
    h.set("Yibao-Consumer", spec.durable);
    const requestId = m.headers?.get(requestIdHeader);
    if (requestId) h.set(requestIdHeader, requestId);
    try {
      await bus.js.publish(deadLetterSubjectFor(spec.durable), m.data, {
        msgID: `${spec.durable}:${event?.id ?? `seq-${m.seq}`}`,
        headers: h,
      });
      m.term(reason.slice(0, 200));
      log.error("event dead-lettered", { consumer: spec.durable, eventId: event?.id, reason });
    } catch (err) {
      // could not store the dead letter: let the server redeliver later rather than lose it
      log.error("dead-letter publish failed", { consumer: spec.durable, error: String(err) });
      m.nak(backoff[backoff.length - 1]);
    }
  }

  return {
    async stop() {
      stopping = true;
      await messages?.close().catch(() => {});
      await loop;
    },
  };
}
