import { type Graph, int, type ManagedTransaction } from "@yibao/graph";
import type { EventBus } from "./bus.ts";
import { subjectFor, validateEventData } from "./contract.ts";
import { publishSerialized } from "./publish.ts";
import type { CloudEvent } from "./envelope.ts";
import { type EventLog, stderrLog } from "./log.ts";
import enqueueQuery from "./queries/outbox_enqueue.cypher" with { type: "text" };
import claimQuery from "./queries/outbox_claim.cypher" with { type: "text" };
import markSentQuery from "./queries/outbox_mark_sent.cypher" with { type: "text" };
import pruneQuery from "./queries/outbox_prune.cypher" with { type: "text" };

/**
 * Writes `event` to the outbox inside the caller's transaction: it is published if and only if
 * that transaction commits.
 */
export async function enqueueEvent(
  tx: ManagedTransaction,
  event: CloudEvent,
  options: { requestId?: string } = {},
): Promise<void> {
  validateEventData(event.type, event.data);
  await tx.run(enqueueQuery, {
    id: event.id,
    type: event.type,
    subject: subjectFor(event.type),
    payload: JSON.stringify(event),
    requestId: options.requestId ?? null,
  });
}

/** Options for {@linkcode createOutboxRelay}. */
export interface OutboxRelayOptions {
  /** Poll interval when idle, in ms (default 250). */
  intervalMs?: number;
  /** Events claimed per round (default 100). */
  batchSize?: number;
  /** A claim lasts this long; a relay that dies holding it is replaced after it, in ms (default 30 s). */
  leaseMs?: number;
  /** Sent events are deleted after this many days (default 7). */
  keepDays?: number;
  relayId?: string;
  log?: EventLog;
  /**
   * Fault injection for tests: runs after an event is published and before it is marked sent.
   * A test uses it to kill the process exactly there.
   */
  afterPublish?: (eventId: string) => void | Promise<void>;
}

/** The relay that moves outbox events to JetStream. */
export interface OutboxRelay {
  /** Starts polling in the background. */
  start(): void;
  /** Asks for a round now (after a local write) instead of at the next poll. */
  notify(): void;
  /** Publishes one batch and marks it sent; returns how many were published. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
}

/**
 * Publishes pending outbox events in creation order with their id as `Nats-Msg-Id` and the Neo4j
 * bookmarks of a transaction after theirs in the `Yibao-Graph-Bookmark` header, then marks them sent. A crash between publish and mark leaves them pending; the next round publishes them
 * again under the same id, and JetStream's duplicate window stores them once. Several relays
 * (one per service replica) share the work through short claims.
 */
export function createOutboxRelay(
  graph: Graph,
  bus: EventBus,
  options: OutboxRelayOptions = {},
): OutboxRelay {
  const log = options.log ?? stderrLog;
  const relayId = options.relayId ?? crypto.randomUUID();
  const intervalMs = options.intervalMs ?? 250;
  const limit = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? 30_000;
  const keepDays = options.keepDays ?? 7;
  let running = false;
  let current: Promise<unknown> = Promise.resolve();
  let wake: (() => void) | undefined;
  let rounds = 0;

  async function runOnce(): Promise<number> {
    // The claim is a write that read the outbox rows, so its commit follows theirs: its bookmarks,
    // carried in each event's headers, let a consumer read what the event's own transaction wrote.
    const { result: claimed, bookmarks } = await graph.writeWithBookmarks(async (tx) => {
      const r = await tx.run(claimQuery, {
        now: int(Date.now()),
        limit: int(limit),
        leaseMs: int(leaseMs),
        relayId,
      });
      return r.records.map((rec) => ({
        id: rec.get("id") as string,
        subject: rec.get("subject") as string,
        payload: rec.get("payload") as string,
        requestId: rec.get("requestId") as string | null,
      }));
    });
    if (claimed.length === 0) return 0;
    const sent: { id: string; seq: number }[] = [];
    try {
      for (const e of claimed) {
        // retried under the same Nats-Msg-Id while the stream has no leader (an election)
        const ack = await publishSerialized(bus, { ...e, bookmarks });
        if (options.afterPublish) await options.afterPublish(e.id);
        sent.push({ id: e.id, seq: ack.seq });
      }
    } finally {
      if (sent.length > 0) {
        await graph.write((tx) =>
          tx.run(markSentQuery, { sent: sent.map((s) => ({ id: s.id, seq: int(s.seq) })) })
        );
      }
    }
    return sent.length;
  }

  async function loop(): Promise<void> {
    while (running) {
      let published = 0;
      try {
        published = await runOnce();
        if (++rounds % 2_000 === 0) {
          await graph.write((tx) => tx.run(pruneQuery, { keepDays: int(keepDays) }));
        }
      } catch (err) {
        log.warn("outbox relay round failed; retrying", { error: String(err) });
      }
      if (published >= limit) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, intervalMs);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      current = loop();
    },
    notify() {
      wake?.();
    },
    runOnce,
    async stop() {
      running = false;
      wake?.();
      await current;
    },
  };
}
