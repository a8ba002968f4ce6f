/**
 * Whether a question is taken, decided on what its batch's lock query (`queries/question_batch_lock.cypher`,
 * `ask_batch.ts`) locked and read, and on the questions taken before it in the same batch. Pure: no graph,
 * no clock. The rules run in the order they always did, and the first that refuses decides: the
 * session's gate, the asker's minute, the address's minute, the session's minute; then the
 * near-duplicate check.
 */
import { NotFound, RateLimited, StateConflict } from "./errors.ts";
import { bigrams, bigramSimilarity, nearDuplicateThreshold } from "./moderation.ts";

/** One of a session's last questions in play, as the near-duplicate check compares them. */
export interface RecentQuestion {
  id: string;
  text: string;
  status: string;
  votes: number;
}

/** What a question is decided on, under the rate windows' locks. */
export interface AskState {
  status: string;
  requiresReview: boolean;
  ended: boolean;
  /** Requests the asker's and then the address's window counted before this one. */
  askerCount: number;
  addressCount: number;
  /** Questions the session took this minute. */
  taken: number;
  /** The session's last questions still in play, newest first. */
  recent: RecentQuestion[];
}

/** The limits a question passes. */
export interface AskLimits {
  perAskerPerMinute: number;
  perAddressPerMinute: number;
  perSessionPerMinute: number;
}

/** A question that reads almost the same as the one asked. */
export interface Similar {
  id: string;
  text: string;
  status: string;
  votes: number;
  score: number;
}

/** The session's gate: a cancelled or ended session takes no more questions. */
function ensureOpen(g: { status: string; ended: boolean }): void {
  if (g.status === "cancelled" || g.ended) {
    throw new StateConflict(
      `The session is ${g.status === "cancelled" ? "cancelled" : "over"}: no more questions`,
      g.status === "cancelled" ? "该场次已取消" : "该场次已结束，不再接受提问或点赞",
    );
  }
}

/**
 * Takes the question or throws why not (`null` state: no such session). Returns the status it is asked
 * in and the (at most three) questions it reads almost the same as, most alike first.
 */
export function decideAsk(
  sessionId: string,
  state: AskState | null,
  text: string,
  limits: AskLimits,
  retryAfter: number,
): { status: "pending" | "approved"; similar: Similar[] } {
  if (!state) throw new NotFound("session", sessionId);
  ensureOpen(state);
  if (state.askerCount + 1 > limits.perAskerPerMinute) throw new RateLimited("asker", retryAfter);
  if (state.addressCount + 1 > limits.perAddressPerMinute) throw new RateLimited("address", retryAfter);
  if (state.taken >= limits.perSessionPerMinute) throw new RateLimited("session", retryAfter);
  const asked = bigrams(text);
  const similar: Similar[] = [];
  for (const q of state.recent) {
    const score = Math.round(bigramSimilarity(asked, bigrams(q.text)) * 100) / 100;
    if (score >= nearDuplicateThreshold) {
      similar.push({ id: q.id, text: q.text, status: q.status, votes: q.votes, score });
    }
  }
  // most alike first; a stable sort, so ties stay newest first
  similar.sort((a, b) => b.score - a.score);
  return { status: state.requiresReview ? "pending" : "approved", similar: similar.slice(0, 3) };
}
