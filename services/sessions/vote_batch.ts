/**
 * Votes and retractions in batches: one Neo4j transaction per batch instead of one per vote.
 *
 * The limit of the vote path was its transaction per vote: every vote on a question took the
 * question's write lock for a whole transaction (two round trips and a commit), so the votes on one
 * question were serialised at the speed of commits. Here each instance gathers the votes that
 * arrive while its previous batch commits and writes them together (group commit):
 *
 * 1. one query locks and reads everything the batch touches, in the house order: the voters' rate
 *    windows, then the questions (each sorted by key, so two instances' batches lock in one order),
 *    then the votes already cast and their client-address tallies (written only under the
 *    question's lock, so what is read stays true until the commit);
 * 2. {@linkcode decideBatch} replays the batch in arrival order on that state — the same rules, in
 *    the same order, as one transaction per vote: the voter's rate window, the question and its
 *    session's gate, the vote's existence, the address's tally — and gives each request its own
 *    answer; a refused request changes nothing (as its rolled-back transaction did);
 * 3. one query writes the outcome; the answers go out only after the commit, and after the one
 *    live total per question the batch moved has been published.
 *
 * Nothing is accepted before it is durable: a batch whose transaction fails answers every request
 * in it with the error (the client retries; a vote is idempotent), and a process that dies
 * mid-batch answered none of it. The Vote key stays unique in the graph, so a vote is never counted
 * twice, whichever instance or batch it arrives in.
 */
import type { Graph } from "@yibao/graph";
import { toPlain } from "@yibao/graph";
import { NotFound, RateLimited, StateConflict } from "./errors.ts";
import { minuteWindow } from "./minute_window.ts";
import lockQuery from "./queries/vote_batch_lock.cypher" with { type: "text" };
import applyQuery from "./queries/vote_batch_apply.cypher" with { type: "text" };

/** One vote or retraction waiting in a batch. */
export interface VoteOp {
  kind: "add" | "remove";
  questionId: string;
  /** The hashed audience token. */
  voterKey: string;
  /** The client address the request came from. */
  address: string;
  /** The limits in force where the request was accepted (else the batch's). */
  limits?: VoteLimits;
}

/** A question's state under its lock. */
export interface QuestionState {
  id: string;
  sessionId: string;
  status: string;
  votes: number;
  revision: number;
  sessionStatus: string;
  ended: boolean;
}

/** What the lock query read. */
export interface BatchState {
  /** Rate window key → requests counted. */
  rates: Map<string, number>;
  questions: Map<string, QuestionState>;
  /** Vote key → the tally key it counts against (null for votes moved by a merge). */
  votes: Map<string, string | null>;
  /** Tally key → votes counted. */
  tallies: Map<string, number>;
}

/** A request's answer. */
export type VoteAnswer =
  | { ok: true; sessionId: string; votes: number; revision: number; changed: boolean }
  | { ok: false; error: Error };

/** The writes a batch makes. */
export interface BatchWrites {
  rates: { key: string; count: number }[];
  tallies: { key: string; count: number }[];
  questions: { id: string; sessionId: string; votes: number; revision: number }[];
  cast: { key: string; questionId: string; voterKey: string; tallyKey: string }[];
  removed: string[];
}

/** The limits a vote passes. */
export interface VoteLimits {
  votesPerVoterPerMinute: number;
  votesPerAddressPerQuestion: number;
}

/** The Vote key of a voter's vote on a question. */
export const voteKey = (questionId: string, voterKey: string) => `${questionId}|${voterKey}`;
/** The tally key of a client address's votes on a question. */
export const tallyKey = (questionId: string, address: string) => `${questionId}|${address}`;
/** The rate window key of a voter's minute. */
export const rateKey = (voterKey: string, window: number) => `vote:${voterKey}:${window}`;

function closed(q: QuestionState): Error | null {
  if (q.sessionStatus === "cancelled") {
    return new StateConflict("The session is cancelled: no more votes", "该场次已取消");
  }
  if (q.ended) {
    return new StateConflict("The session is over: no more votes", "该场次已结束，不再接受提问或点赞");
  }
  return null;
}

/**
 * Replays `ops` in order on `state` (which it changes): each op's answer, and the writes of the
 * ops that were accepted. Pure: no graph, no clock (the minute `window` and its `retryAfter` come in).
 */
export function decideBatch(
  ops: VoteOp[],
  state: BatchState,
  limits: VoteLimits,
  clock: { window: number; retryAfter: number },
): { answers: VoteAnswer[]; writes: BatchWrites } {
  const initialVotes = new Map(state.votes);
  const touchedRates = new Set<string>();
  const touchedTallies = new Set<string>();
  const touchedQuestions = new Set<string>();
  const answers = ops.map((op): VoteAnswer => {
    const lim = op.limits ?? limits;
    const rk = rateKey(op.voterKey, clock.window);
    const counted = state.rates.get(rk) ?? 0;
    if (counted + 1 > lim.votesPerVoterPerMinute) {
      return { ok: false, error: new RateLimited("voter", clock.retryAfter) };
    }
    const q = state.questions.get(op.questionId);
    if (!q) return { ok: false, error: new NotFound("question", op.questionId) };
    const gate = closed(q);
    if (gate) return { ok: false, error: gate };
    const key = voteKey(op.questionId, op.voterKey);
    let changed = false;
    if (op.kind === "add") {
      if (q.status !== "approved" && q.status !== "answered") {
        return {
          ok: false,
          error: new StateConflict(
            `Votes go to visible questions; this one is ${q.status}`,
            "该问题当前不可点赞",
          ),
        };
      }
      if (!state.votes.has(key)) {
        const tk = tallyKey(op.questionId, op.address);
        const tally = (state.tallies.get(tk) ?? 0) + 1;
        if (tally > lim.votesPerAddressPerQuestion) {
          return { ok: false, error: new RateLimited("addressVotes", 0) };
        }
        state.tallies.set(tk, tally);
        touchedTallies.add(tk);
        state.votes.set(key, tk);
        q.votes += 1;
        q.revision += 1;
        changed = true;
      }
    } else if (state.votes.has(key)) {
      const tk = state.votes.get(key) ?? null;
      if (tk !== null) {
        state.tallies.set(tk, (state.tallies.get(tk) ?? 0) - 1);
        touchedTallies.add(tk);
      }
      state.votes.delete(key);
      q.votes -= 1;
      q.revision += 1;
      changed = true;
    }
    state.rates.set(rk, counted + 1);
    touchedRates.add(rk);
    if (changed) touchedQuestions.add(q.id);
    return { ok: true, sessionId: q.sessionId, votes: q.votes, revision: q.revision, changed };
  });
  // The net change of each vote key: cast (new, or cast again from another address), or retracted.
  const cast: BatchWrites["cast"] = [];
  const removed: string[] = [];
  const keys = new Set(ops.map((op) => voteKey(op.questionId, op.voterKey)));
  for (const op of ops) {
    const key = voteKey(op.questionId, op.voterKey);
    if (!keys.delete(key)) continue;
    const before = initialVotes.has(key);
    const after = state.votes.has(key);
    if (after && (!before || initialVotes.get(key) !== state.votes.get(key))) {
      cast.push({ key, questionId: op.questionId, voterKey: op.voterKey, tallyKey: state.votes.get(key)! });
    } else if (before && !after) removed.push(key);
  }
  return {
    answers,
    writes: {
      rates: [...touchedRates].map((key) => ({ key, count: state.rates.get(key)! })),
      tallies: [...touchedTallies].map((key) => ({ key, count: state.tallies.get(key)! })),
      questions: [...touchedQuestions].map((id) => {
        const q = state.questions.get(id)!;
        return { id, sessionId: q.sessionId, votes: q.votes, revision: q.revision };
      }),
      cast,
      removed,
    },
  };
}

const num = (v: unknown) => toPlain(v) as number;

/** Where a batch from the vote stream stands: the ledger node and the stream sequence of each op. */
export interface LedgerBatch {
  /** The `(:VoteLedger)` key: the stream and its creation time (a stream made anew starts at 0). */
  key: string;
  /** The stream sequence of each op, increasing. */
  seqs: number[];
}

/** A written batch's outcome. */
export interface BatchOutcome {
  /** Each op's answer; null for an op the ledger says was applied already (skipped). */
  answers: (VoteAnswer | null)[];
  totals: BatchWrites["questions"];
  /** The ledger's applied sequence after the batch (0 without a ledger). */
  appliedSeq: number;
  /** Where the batch's time went (ms): the lock query, the decision, the write query, opening and committing. */
  timings: { lockMs: number; decideMs: number; writeMs: number; commitMs: number };
}

/** Ends the warm-up's transaction (rolled back). */
class WarmedUp extends Error {
  override name = "WarmedUp";
}

/**
 * Plans and warms both batch queries before the first votes wait for them: the first plan of the lock
 * query took 3.1–20.9 s on the loaded benchmark machine (a cold JVM). The batch has the shape of a real
 * one (every list filled: Neo4j may plan by the types of what the map holds) on keys of its own, and its
 * transaction is rolled back, so nothing stays; it runs a dozen times, past the executions after which
 * Neo4j compiles a hot query again (`expression_recompilation_limit`), so that happens here too.
 */
export async function planBatchQueries(graph: Graph): Promise<void> {
  const k = `vote-warm-up-${crypto.randomUUID()}`;
  const lock = {
    ledgerKey: k,
    rateKeys: [k],
    expiresAt: new Date().toISOString(),
    questionIds: [k],
    voteKeys: [k],
    tallyKeys: [k],
  };
  const apply = {
    rates: [{ key: k, count: 1 }],
    tallies: [{ key: k, count: 1 }],
    questions: [{ id: k, sessionId: k, votes: 1, revision: 1 }],
    removed: [k],
    cast: [{ key: k, questionId: k, voterKey: k, tallyKey: k }],
    ledger: [{ key: k, seq: 1 }],
  };
  try {
    await graph.write(async (tx) => {
      for (let i = 0; i < 12; i++) {
        await tx.run(lockQuery, { b: lock });
        await tx.run(applyQuery, { b: apply });
      }
      throw new WarmedUp("rolled back");
    });
  } catch (err) {
    if (!(err instanceof WarmedUp)) throw err;
  }
}

/**
 * Locks, decides and writes one batch in one transaction; the answers and the questions' new totals.
 * With `ledger`, the ledger node is locked first: the ops at or below its applied sequence are skipped
 * (a batch read again after a crash between the commit and anything after it), and the batch's last
 * sequence is recorded in the same transaction as its votes.
 */
export async function writeBatch(
  graph: Graph,
  ops: VoteOp[],
  limits: VoteLimits,
  options: { now?: number; ledger?: LedgerBatch } = {},
): Promise<BatchOutcome> {
  const { window, retryAfter, expiresAt } = minuteWindow(options.now ?? Date.now());
  const clock = { window, retryAfter };
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
  const params = {
    ledgerKey: options.ledger?.key ?? null,
    rateKeys: sorted(ops.map((op) => rateKey(op.voterKey, window))),
    expiresAt,
    questionIds: sorted(ops.map((op) => op.questionId)),
    voteKeys: sorted(ops.map((op) => voteKey(op.questionId, op.voterKey))),
    tallyKeys: sorted(ops.filter((op) => op.kind === "add").map((op) => tallyKey(op.questionId, op.address))),
  };
  // The work runs again when the transaction is retried (a deadlock with a moderation step):
  // the decision is made afresh on what the retry reads. An op the ledger says was applied is skipped
  // (its question and rows are locked and read all the same, which changes nothing).
  let decideMs = 0;
  const t0 = performance.now();
  let t1 = t0, t2 = t0, t3 = t0;
  const outcome = await graph.write(async (tx) => {
    t1 = performance.now();
    const rec = (await tx.run(lockQuery, { b: params })).records[0]!;
    t2 = performance.now();
    const rows = <T>(k: string) => rec.get(k) as T[];
    const ledger = options.ledger;
    const applied = ledger ? num(rows<unknown>("ledger")[0] ?? 0) : 0;
    const already = ops.map((_, i) => ledger !== undefined && ledger.seqs[i]! <= applied);
    const todo = ops.filter((_, i) => !already[i]);
    const state: BatchState = {
      rates: new Map(rows<{ key: string; count: unknown }>("rates").map((r) => [r.key, num(r.count)])),
      questions: new Map(
        rows<Record<string, unknown>>("questions").map((r) => [r.id as string, {
          id: r.id as string,
          sessionId: r.sessionId as string,
          status: r.status as string,
          votes: num(r.votes),
          revision: num(r.revision),
          sessionStatus: r.sessionStatus as string,
          ended: Boolean(r.ended),
        }]),
      ),
      votes: new Map(rows<{ key: string; tallyKey: string | null }>("votes").map((r) => [r.key, r.tallyKey])),
      tallies: new Map(rows<{ key: string; count: unknown }>("tallies").map((r) => [r.key, num(r.count)])),
    };
    const { answers, writes } = decideBatch(todo, state, limits, clock);
    const t2b = performance.now();
    const last = ledger?.seqs[ledger.seqs.length - 1] ?? 0;
    const advance = ledger && last > applied ? [{ key: ledger.key, seq: last }] : [];
    if (writes.rates.length || advance.length) {
      await tx.run(applyQuery, { b: { ...writes, ledger: advance } });
    }
    t3 = performance.now();
    decideMs = t2b - t2;
    const next = answers[Symbol.iterator]();
    return {
      answers: ops.map((_, i) => (already[i] ? null : next.next().value!)),
      totals: writes.questions,
      appliedSeq: Math.max(applied, last),
    };
  });
  const t4 = performance.now();
  return {
    ...outcome,
    timings: { lockMs: t2 - t1, decideMs, writeMs: t3 - t2 - decideMs, commitMs: t4 - t3 + (t1 - t0) },
  };
}
