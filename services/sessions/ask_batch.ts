/**
 * Questions in batches: one Neo4j transaction for the questions an instance receives while its
 * previous batch commits (group commit, `group_commit.ts`), as votes are (`vote_batch.ts`).
 *
 * A question alone was one write transaction: two queries and a commit, 5.7–5.9 ms of Neo4j's CPU
 * once its JIT compiler had settled, most of it for reading the session's last 500 questions, the
 * rest fixed per query and per transaction. In a batch, the reads, the writes and the commit are
 * shared by all its questions:
 *
 * 1. one query locks the batch's rate windows (sorted by key) and reads, for each session asked in,
 *    its gate, its count this minute and its last 500 questions in play;
 * 2. {@linkcode decideAsks} replays the batch in arrival order on that state, with the same rules in
 *    the same order as one transaction per question (`ask_intake.ts`): a question counts in its
 *    asker's, its address's and its session's minute, and is compared with the questions taken before
 *    it in the batch as with those already stored; a refused question changes nothing;
 * 3. one query writes the windows' counts and creates the questions taken. Each request has its answer
 *    only after the commit.
 *
 * A batch whose transaction fails answers every question in it with the error, and nothing of it
 * stays; a retried transaction (a deadlock, a leader switch) decides again on what the retry reads.
 */
import type { Graph } from "@yibao/graph";
import { int, toPlain } from "@yibao/graph";
import { type AskLimits, type AskState, decideAsk, type RecentQuestion, type Similar } from "./ask_intake.ts";
import { NotFound, RateLimited, StateConflict } from "./errors.ts";
import { minuteWindow } from "./minute_window.ts";
import lockQuery from "./queries/question_batch_lock.cypher" with { type: "text" };
import createQuery from "./queries/question_batch_create.cypher" with { type: "text" };

/** One question waiting in a batch. */
export interface AskOp {
  sessionId: string;
  text: string;
  askerName: string | null;
  /** The hashed audience token. */
  askerKey: string;
  /** The client address the request came from. */
  address: string;
}

/** A session's state under the batch's locks. */
export interface SessionAskState {
  status: string;
  requiresReview: boolean;
  ended: boolean;
  /** Questions the session took this minute. */
  taken: number;
  /** Its last questions still in play, newest first. */
  recent: RecentQuestion[];
}

/** What the lock query read. */
export interface AskBatchState {
  /** Rate window key → requests counted. */
  rates: Map<string, number>;
  /** The sessions asked in that exist. */
  sessions: Map<string, SessionAskState>;
}

/** A question to create. */
export interface NewQuestion {
  /** Its place among the batch's questions taken, in the order asked. */
  seq: number;
  id: string;
  sessionId: string;
  text: string;
  askerKey: string;
  askerName: string | null;
  status: "pending" | "approved";
  similarTo: string[];
}

/** A question's answer: taken (with its near-duplicates), or why not. */
export type AskDecision =
  | { ok: true; id: string; status: "pending" | "approved"; similar: Similar[] }
  | { ok: false; error: Error };

/** How many of a session's last questions in play a new one is compared with. */
export const recentCompared = 500;

/** The asker's and the address's rate window keys of a question in minute `window`. */
export function askRateKeys(op: AskOp, window: number): [asker: string, address: string] {
  return [`ask:${op.sessionId}:${op.askerKey}:${window}`, `ask-addr:${op.sessionId}:${op.address}:${window}`];
}

/**
 * Replays `ops` in order on `state` (which it changes), giving the taken ones the `ids` of the same
 * index: each op's answer, and the writes of the ops that were taken. Pure: no graph, no clock (the
 * minute `window` and its `retryAfter` come in).
 */
export function decideAsks(
  ops: AskOp[],
  ids: string[],
  state: AskBatchState,
  limits: AskLimits,
  clock: { window: number; retryAfter: number },
): { answers: AskDecision[]; writes: { rates: { key: string; count: number }[]; questions: NewQuestion[] } } {
  const touched = new Set<string>();
  const questions: NewQuestion[] = [];
  const answers = ops.map((op, i): AskDecision => {
    const [askerKey, addressKey] = askRateKeys(op, clock.window);
    const session = state.sessions.get(op.sessionId);
    const ask: AskState | null = session
      ? {
        ...session,
        askerCount: state.rates.get(askerKey) ?? 0,
        addressCount: state.rates.get(addressKey) ?? 0,
      }
      : null;
    let decided: ReturnType<typeof decideAsk>;
    try {
      decided = decideAsk(op.sessionId, ask, op.text, limits, clock.retryAfter);
    } catch (err) {
      if (err instanceof NotFound || err instanceof StateConflict || err instanceof RateLimited) {
        return { ok: false, error: err };
      }
      throw err;
    }
    const id = ids[i]!;
    for (const key of [askerKey, addressKey]) {
      state.rates.set(key, (state.rates.get(key) ?? 0) + 1);
      touched.add(key);
    }
    // the questions after it in the batch see it: in the session's minute, and as a near-duplicate
    session!.taken += 1;
    session!.recent.unshift({ id, text: op.text, status: decided.status, votes: 0 });
    if (session!.recent.length > recentCompared) session!.recent.pop();
    questions.push({
      seq: questions.length,
      id,
      sessionId: op.sessionId,
      text: op.text,
      askerKey: op.askerKey,
      askerName: op.askerName,
      status: decided.status,
      similarTo: decided.similar.map((s) => s.id),
    });
    return { ok: true, id, status: decided.status, similar: decided.similar };
  });
  return {
    answers,
    writes: { rates: [...touched].map((key) => ({ key, count: state.rates.get(key)! })), questions },
  };
}

const num = (v: unknown) => toPlain(v) as number;

/** An answer once the batch is written: a taken question comes with its node as the graph stored it. */
export type AskAnswer =
  | { ok: true; id: string; similar: Similar[]; node: unknown }
  | { ok: false; error: Error };

/** Locks, decides and writes one batch of questions in one transaction; each question's answer. */
export async function writeAskBatch(
  graph: Graph,
  ops: AskOp[],
  limits: AskLimits,
  options: { now?: number } = {},
): Promise<AskAnswer[]> {
  const { window, start, retryAfter, expiresAt } = minuteWindow(options.now ?? Date.now());
  const clock = { window, retryAfter };
  const params = {
    rateKeys: [...new Set(ops.flatMap((op) => askRateKeys(op, window)))].sort(),
    expiresAt,
    sessionIds: [...new Set(ops.map((op) => op.sessionId))].sort(),
    since: start,
    recentLimit: int(recentCompared),
  };
  const ids = ops.map(() => `q-${crypto.randomUUID()}`);
  return await graph.write(async (tx) => {
    const rec = (await tx.run(lockQuery, { b: params })).records[0]!;
    const state: AskBatchState = {
      rates: new Map(
        (rec.get("rates") as { key: string; count: unknown }[]).map((r) => [r.key, num(r.count)]),
      ),
      sessions: new Map(
        (rec.get("sessions") as Record<string, unknown>[]).map((s) => [s.id as string, {
          status: s.status as string,
          requiresReview: Boolean(s.requiresReview),
          ended: Boolean(s.ended),
          taken: num(s.taken),
          recent: (s.recent as unknown[][]).map(([id, text, status, votes]) => ({
            id: id as string,
            text: text as string,
            status: status as string,
            votes: num(votes),
          })),
        }]),
      ),
    };
    const { answers, writes } = decideAsks(ops, ids, state, limits, clock);
    const nodes = new Map<string, unknown>();
    if (writes.questions.length > 0) {
      // created session by session (each takes its session's lock for the new relationship): two batches
      // that ask in the same sessions take those locks in one order
      const create = {
        rates: writes.rates,
        questions: writes.questions.toSorted((a, b) =>
          a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0
        ),
      };
      const created = (await tx.run(createQuery, { b: create })).records[0]!.get("created") as {
        properties: { id: string };
      }[];
      for (const n of created) nodes.set(n.properties.id, n);
    }
    return answers.map((a): AskAnswer => {
      if (!a.ok) return a;
      const node = nodes.get(a.id);
      // the session was read under this transaction; it cannot have gone before the create
      if (node === undefined) throw new Error(`question ${a.id} was not created`);
      return { ok: true, id: a.id, similar: a.similar, node };
    });
  });
}
