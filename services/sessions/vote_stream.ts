/**
 * The vote stream: votes and retractions are accepted into JetStream (`SESSION_VOTES`, durable,
 * deduplicated by `Nats-Msg-Id`, one id per request) and applied to the graph in batches by the one
 * applier of all instances ({@linkcode VoteApplier} in `vote_applier.ts`). The instance that accepted a
 * request waits, bounded, for the applier's verdict on it over core NATS (one message per batch and
 * instance on `sessions.votes.verdicts.<intake>`), so the voter still learns of a refusal; when no
 * verdict comes in time the vote is durable anyway and will be counted.
 */
import { ensureStream, type EventBus, type EventLog } from "@yibao/events";
import { z } from "zod";
import { NotFound, RateLimited, StateConflict } from "./errors.ts";
import type { VoteAnswer, VoteLimits, VoteOp } from "./vote_batch.ts";
import { type LivePublisher, stampNow } from "./live.ts";

/** The stream of accepted votes and retractions. */
export const voteStream = "SESSION_VOTES";
/**
 * The subject of a partition of the vote stream: a question's votes all go to one partition (by its id),
 * and each partition has one applier at a time, reading it in order. Partitions touch disjoint questions,
 * so their batches never wait for each other's question locks.
 */
export const voteSubjectOf = (partition: number) => `sessions.votes.in.${partition}`;

/** The partition of a question's votes among `partitions` (FNV-1a of its id). */
export function partitionOf(questionId: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < questionId.length; i++) {
    h ^= questionId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % partitions;
}
const verdictPrefix = "sessions.votes.verdicts.";

/** Declares the vote stream (idempotent); returns its creation time, which names its ledger. */
export async function ensureVoteStream(bus: EventBus, replicas = 1): Promise<string> {
  const info = await ensureStream(bus, {
    name: voteStream,
    subjects: ["sessions.votes.in.>"],
    // a vote waits here until applied: a week covers any outage of every applier
    max_age: 7 * 24 * 3600 * 1e9,
    duplicate_window: 120 * 1e9,
    num_replicas: replicas,
  });
  return info.created;
}

/** The ledger key of a partition of the vote stream created at `created` (a stream made anew starts anew). */
export const ledgerKeyOf = (created: string, partition: number) => `${voteStream}@${created}#${partition}`;

/** A vote or retraction as it travels in the stream. */
export const voteMessageSchema = z.object({
  id: z.string(),
  reply: z.string(),
  op: z.object({
    kind: z.enum(["add", "remove"]),
    questionId: z.string(),
    voterKey: z.string(),
    address: z.string(),
    limits: z.object({ votesPerVoterPerMinute: z.number(), votesPerAddressPerQuestion: z.number() }),
  }),
});
/** A vote or retraction as it travels in the stream. */
export type VoteMessage = z.infer<typeof voteMessageSchema>;

/** A request's verdict as it travels back. */
export type WireVerdict =
  | { id: string; ok: true; votes: number; revision: number; changed: boolean }
  | {
    id: string;
    ok: false;
    error: {
      name: string;
      message: string;
      zh?: string;
      scope?: string;
      retryAfter?: number;
      thing?: string;
    };
  };

/** A verdict in its wire form. */
export function toWire(id: string, a: VoteAnswer): WireVerdict {
  if (a.ok) return { id, ok: true, votes: a.votes, revision: a.revision, changed: a.changed };
  const e = a.error;
  if (e instanceof RateLimited) {
    return {
      id,
      ok: false,
      error: { name: e.name, message: e.message, scope: e.scope, retryAfter: e.retryAfterSeconds },
    };
  }
  if (e instanceof NotFound) {
    return { id, ok: false, error: { name: e.name, message: e.message, thing: e.id } };
  }
  if (e instanceof StateConflict) {
    return { id, ok: false, error: { name: e.name, message: e.message, zh: e.zh } };
  }
  return { id, ok: false, error: { name: e.name, message: e.message } };
}

/** The error a wire verdict names, as the domain error the routes map to problem+json. */
export function fromWire(v: Extract<WireVerdict, { ok: false }>): Error {
  const e = v.error;
  if (e.name === "RateLimited" && e.scope) {
    return new RateLimited(e.scope as RateLimited["scope"], e.retryAfter ?? 0);
  }
  if (e.name === "NotFound" && e.thing) return new NotFound("question", e.thing);
  if (e.name === "StateConflict") return new StateConflict(e.message, e.zh ?? "当前状态下不能点赞");
  return new Error(e.message);
}

/** What the accepting instance tells the voter. */
export type Intake =
  | { decided: true; answer: VoteAnswer }
  | { decided: false };

interface Waiter {
  resolve(x: Intake): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The accepting side: publishes each request to the vote stream and waits (at most `waitMs`) for its
 * verdict. A request is in the stream (durable) before anything is answered; a publish that fails
 * throws (nothing was accepted: the client sends again).
 */
export class VoteIntake {
  readonly #reply = `${verdictPrefix}${crypto.randomUUID()}`;
  readonly #waiting = new Map<string, Waiter>();
  readonly #sub;

  constructor(
    private readonly bus: EventBus,
    private readonly log: EventLog,
    private readonly waitMs: number,
    private readonly partitions = 1,
  ) {
    this.#sub = bus.nc.subscribe(this.#reply, {
      callback: (err, m) => {
        if (err) return;
        try {
          for (const v of (m.json() as { verdicts: WireVerdict[] }).verdicts) {
            const w = this.#waiting.get(v.id);
            if (!w) continue; // timed out already (answered 202) or another life of this instance
            this.#waiting.delete(v.id);
            clearTimeout(w.timer);
            w.resolve({
              decided: true,
              answer: v.ok
                ? { ok: true, sessionId: "", votes: v.votes, revision: v.revision, changed: v.changed }
                : { ok: false, error: fromWire(v) },
            });
          }
        } catch (e) {
          this.log.warn("unreadable vote verdict", { error: String(e) });
        }
      },
    });
  }

  /** Accepts `op` into the stream; its verdict, or `{decided: false}` when none came within the wait. */
  async submit(op: VoteOp & { limits: VoteLimits }): Promise<Intake> {
    const id = crypto.randomUUID();
    const message: VoteMessage = { id, reply: this.#reply, op };
    const verdict = new Promise<Intake>((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        resolve({ decided: false });
      }, this.waitMs);
      this.#waiting.set(id, { resolve, timer });
    });
    try {
      await this.bus.js.publish(
        voteSubjectOf(partitionOf(op.questionId, this.partitions)),
        JSON.stringify(message),
        { msgID: id, timeout: 5_000 },
      );
    } catch (err) {
      const w = this.#waiting.get(id);
      if (w) clearTimeout(w.timer);
      this.#waiting.delete(id);
      throw err;
    }
    return await verdict;
  }

  /** Stops listening for verdicts; requests still waiting are answered as received. */
  close(): void {
    this.#sub.unsubscribe();
    for (const w of this.#waiting.values()) {
      clearTimeout(w.timer);
      w.resolve({ decided: false });
    }
    this.#waiting.clear();
  }
}

/** Sends each accepting instance the verdicts of its requests in a batch, one message per instance. */
export function sendVerdicts(bus: EventBus, verdicts: { reply: string; verdict: WireVerdict }[]): void {
  const byReply = new Map<string, WireVerdict[]>();
  for (const { reply, verdict } of verdicts) {
    if (!reply.startsWith(verdictPrefix)) continue;
    const list = byReply.get(reply) ?? [];
    list.push(verdict);
    byReply.set(reply, list);
  }
  for (const [reply, list] of byReply) bus.nc.publish(reply, JSON.stringify({ verdicts: list }));
}

/** Publishes a question's live total (`votes`, superseding older totals by its revision; never throws). */
export async function publishVoteTotal(
  live: LivePublisher,
  t: { sessionId: string; id: string; votes: number; revision: number },
  stamps?: Record<string, number>,
): Promise<void> {
  await live.publish(
    t.sessionId,
    "votes",
    stamps
      // diagnostics (LIVE_STAGE_STAMPS): when the verdicts went out (v) and this publish began (p)
      ? { questionId: t.id, votes: t.votes, revision: t.revision, _t: { ...stamps, p: stampNow() } }
      : { questionId: t.id, votes: t.votes, revision: t.revision },
    `votes:${t.id}:${t.revision}`,
  );
}
