/** Questions, votes and moderation in the graph; every change is published to the live stream after commit. */
import { createHash } from "node:crypto";
import { type Graph, int, type ManagedTransaction, toPlain } from "@yibao/graph";
import { type Actor, appendAudit } from "@yibao/kit";
import { NotFound, StateConflict, Unacceptable } from "./errors.ts";
import { type AskAnswer, type AskOp, writeAskBatch } from "./ask_batch.ts";
import { GroupCommit } from "./group_commit.ts";
import type { LivePublisher } from "./live.ts";
import {
  type ModerationAction,
  ModerationRefused,
  nextStatus,
  publicStatuses,
  type QuestionStatus,
} from "./moderation.ts";
import { mayChange } from "./session_repository.ts";
import type { VoteOp } from "./vote_batch.ts";
import { publishVoteTotal, type VoteIntake } from "./vote_stream.ts";
import existsQuery from "./queries/session_exists.cypher" with { type: "text" };
import rateQuery from "./queries/rate_take.cypher" with { type: "text" };
import getQuery from "./queries/question_get.cypher" with { type: "text" };
import lockQuery from "./queries/question_lock.cypher" with { type: "text" };
import sessionLockQuery from "./queries/session_lock.cypher" with { type: "text" };
import updateQuery from "./queries/question_update.cypher" with { type: "text" };
import unpinQuery from "./queries/question_unpin_others.cypher" with { type: "text" };
import mergeQuery from "./queries/votes_merge.cypher" with { type: "text" };
import listQuery from "./queries/question_list.cypher" with { type: "text" };
import policiesQuery from "./queries/policies_check.cypher" with { type: "text" };
import mineQuery from "./queries/question_mine.cypher" with { type: "text" };

/** A question as the API shows it. */
export interface Question {
  id: string;
  sessionId: string;
  text: string;
  askerName: string | null;
  status: QuestionStatus;
  votes: number;
  revision: number;
  pinned: boolean;
  answer: string | null;
  answeredAt: string | null;
  citedPolicies: string[];
  /** The policies the answer cites, each with the version cited (null when none was named). */
  citations: { policyId: string; version: number | null }[];
  mergedInto: string | null;
  similarTo: string[];
  createdAt: string;
  updatedAt: string;
}

/** Limits of question intake. */
export interface IntakeLimits {
  perAskerPerMinute: number;
  perSessionPerMinute: number;
  /** Questions per client address per minute in one session. */
  perAddressPerMinute: number;
  /** Votes and retractions per audience token per minute. */
  votesPerVoterPerMinute: number;
  /** Votes one client address may give one question. */
  votesPerAddressPerQuestion: number;
}

/**
 * At most this many questions go in one batch: a batch reads the last 500 questions of each session
 * asked in, so a batch of questions to many sessions is bounded too.
 */
const askBatchSize = 32;

/** Who acts from the audience: the hashed token id, and the client address it came from. */
export interface AudienceMember {
  key: string;
  address: string;
}

/** Counts one request in the rate window `key`; true when it is within `limit`. */
export async function takeRate(
  tx: ManagedTransaction,
  key: string,
  limit: number,
  expiresAt: string,
): Promise<boolean> {
  const r = await tx.run(rateQuery, { key, expiresAt });
  return (toPlain(r.records[0]!.get("count")) as number) <= limit;
}

/** A hashed client token: the asker's or voter's identity without an account. */
export function clientKey(token: string): Promise<string> {
  // synchronous SHA-256 (node:crypto): the same key as before, without WebCrypto's asynchronous op per request
  return Promise.resolve(createHash("sha256").update(`yibao-client:${token}`).digest("hex").slice(0, 32));
}

function citationsOf(cited: unknown): { policyId: string; version: number | null }[] {
  const list = (toPlain(cited) as { policyId: string; version: number | null }[] | null) ?? [];
  return list.map((c) => ({ policyId: c.policyId, version: c.version ?? null }));
}

function toQuestion(raw: unknown, cited: unknown): Question {
  const q = toPlain(raw) as Record<string, unknown>;
  return {
    id: q.id as string,
    sessionId: q.sessionId as string,
    text: q.text as string,
    askerName: (q.askerName as string) ?? null,
    status: q.status as QuestionStatus,
    votes: q.votes as number,
    revision: q.revision as number,
    pinned: Boolean(q.pinned),
    answer: (q.answer as string) ?? null,
    answeredAt: (q.answeredAt as string) ?? null,
    citedPolicies: citationsOf(cited).map((c) => c.policyId),
    citations: citationsOf(cited),
    mergedInto: (q.mergedInto as string) ?? null,
    similarTo: (q.similarTo as string[]) ?? [],
    createdAt: q.createdAt as string,
    updatedAt: q.updatedAt as string,
  };
}

/** Throws NotFound unless the session exists. */
async function ensureSession(tx: ManagedTransaction, id: string): Promise<void> {
  if ((await tx.run(existsQuery, { id })).records.length === 0) throw new NotFound("session", id);
}

/** A vote's answer: its question's total, or only that it was received (the verdict came too late). */
export type VoteResult =
  | { received: false; votes: number; revision: number; voted: boolean }
  | { received: true; voted: boolean };

/** Questions, votes, moderation. */
export class QuestionRepository {
  /** Where votes and retractions go: the vote stream, applied by the one applier. */
  votes: VoteIntake | null = null;

  /** Questions being asked, written in batches. */
  readonly #asks: GroupCommit<AskOp, AskAnswer>;

  constructor(
    private readonly graph: Graph,
    private readonly live: LivePublisher,
    private readonly limits: IntakeLimits,
  ) {
    this.#asks = new GroupCommit((ops) => writeAskBatch(graph, ops, limits), askBatchSize);
  }

  /**
   * Asks a question; returns it and the session's questions that read almost the same. The questions an
   * instance receives while its previous batch commits are written together (`ask_batch.ts`).
   */
  async ask(
    sessionId: string,
    input: { text: string; askerName: string | null; askerKey: string; address: string },
  ): Promise<{ question: Question; similar: { id: string; text: string; votes: number; score: number }[] }> {
    const answer = await this.#asks.submit({ sessionId, ...input });
    if (!answer.ok) throw answer.error;
    const question = toQuestion(answer.node, []);
    // approved at once (no review): the audience sees it; pending: the host's room is told one arrived
    await this.#publishQuestion(question);
    return {
      question,
      // The audience is offered only questions it can see.
      similar: answer.similar.filter((s) => s.status !== "pending").map(({ id, text, votes, score }) => ({
        id,
        text,
        votes,
        score,
      })),
    };
  }

  /** The question batches written so far (for `/metrics`). */
  get askBatches(): Readonly<GroupCommit<AskOp, AskAnswer>["stats"]> {
    return this.#asks.stats;
  }

  /** Adds the voter's vote (idempotent): the new total, or `received` when the verdict is still to come. */
  async vote(questionId: string, voter: AudienceMember): Promise<VoteResult> {
    return await this.#voteWrite("add", questionId, voter);
  }

  /** Retracts the voter's vote (idempotent). */
  async unvote(questionId: string, voter: AudienceMember): Promise<VoteResult> {
    return await this.#voteWrite("remove", questionId, voter);
  }

  /**
   * A vote or retraction is accepted into the vote stream (durable) and applied by the one applier
   * (`vote_applier.ts`) in its next batch: gated, rate-limited and counted exactly as one transaction
   * per vote was. The answer waits (bounded) for the applier's verdict: the total, or the refusal;
   * without a verdict in time, `received` (it will be counted).
   */
  async #voteWrite(kind: VoteOp["kind"], questionId: string, voter: AudienceMember): Promise<VoteResult> {
    if (!this.votes) throw new Error("votes are not being accepted yet");
    const r = await this.votes.submit({
      kind,
      questionId,
      voterKey: voter.key,
      address: voter.address,
      limits: {
        votesPerVoterPerMinute: this.limits.votesPerVoterPerMinute,
        votesPerAddressPerQuestion: this.limits.votesPerAddressPerQuestion,
      },
    });
    if (!r.decided) return { received: true, voted: kind === "add" };
    if (!r.answer.ok) throw r.answer.error;
    return { received: false, votes: r.answer.votes, revision: r.answer.revision, voted: kind === "add" };
  }

  /** Publishes a question's live total (after the write that made it committed; never throws). */
  async publishTotal(
    t: { sessionId: string; id: string; votes: number; revision: number },
    stamps?: Record<string, number>,
  ): Promise<void> {
    await publishVoteTotal(this.live, t, stamps);
  }

  /** One question (null when unknown). */
  async get(id: string): Promise<{ question: Question; hostId: string } | null> {
    return await this.graph.read(async (tx) => {
      const r = (await tx.run(getQuery, { id })).records[0];
      return r ? { question: toQuestion(r.get("q"), r.get("cited")), hostId: r.get("hostId") } : null;
    });
  }

  /** An audience member's own questions in a session (any status) and the ids of the questions they voted for. */
  async mine(sessionId: string, key: string): Promise<{ items: Question[]; voted: string[] }> {
    return await this.graph.read(async (tx) => {
      const r = (await tx.run(mineQuery, { sessionId, key })).records[0];
      if (!r) throw new NotFound("session", sessionId);
      return {
        items: (r.get("mine") as unknown[]).map((q) => toQuestion(q, [])),
        voted: toPlain(r.get("voted")) as string[],
      };
    });
  }

  /** A session's questions: the audience sees approved and answered ones; the host every status asked for. */
  async list(
    sessionId: string,
    options: { sort: "votes" | "time"; statuses: QuestionStatus[]; limit: number; offset: number },
  ): Promise<Question[]> {
    return await this.graph.read(async (tx) => {
      await ensureSession(tx, sessionId);
      return (await tx.run(listQuery, {
        sessionId,
        statuses: options.statuses,
        sort: options.sort,
        skip: int(options.offset),
        limit: int(options.limit),
      })).records.map((r) => toQuestion(r.get("q"), r.get("cited")));
    });
  }

  /** Applies a host's moderation action. */
  async moderate(
    questionId: string,
    action: ModerationAction,
    actor: Actor,
    requestId: string | null = null,
  ): Promise<Question> {
    const changed: Question[] = [];
    let mergedVotes: { into: string; votes: number; revision: number } | null = null;
    let wasPinned = false;
    const sessionId = await this.graph.write(async (tx) => {
      changed.length = 0;
      mergedVotes = null;
      // Locks in the house order: the session (its questions' session never changes), then the
      // question: moderation of one session is serialised, so at most one question is pinned.
      const seen = (await tx.run(getQuery, { id: questionId })).records[0];
      if (!seen) throw new NotFound("question", questionId);
      await tx.run(sessionLockQuery, { id: toQuestion(seen.get("q"), seen.get("cited")).sessionId });
      await tx.run(lockQuery, { id: questionId });
      const r = (await tx.run(getQuery, { id: questionId })).records[0];
      if (!r) throw new NotFound("question", questionId);
      const q = toQuestion(r.get("q"), r.get("cited"));
      wasPinned = q.pinned;
      mayChange({ hostId: r.get("hostId") }, actor);
      let status: QuestionStatus;
      try {
        status = nextStatus(q.status, action);
      } catch (err) {
        if (err instanceof ModerationRefused) throw new StateConflict(err.message, err.zh);
        throw err;
      }
      const next = {
        status,
        text: q.text,
        pinned: q.pinned,
        answer: q.answer,
        answeredBy: null as string | null,
        mergedInto: q.mergedInto,
        dismissReason: null as string | null,
        cited: null as { policyId: string; version: number | null }[] | null,
      };
      switch (action.action) {
        case "approve":
          if (action.text) next.text = action.text;
          break;
        case "dismiss":
          next.pinned = false;
          next.dismissReason = action.reason ?? null;
          break;
        case "merge": {
          if (action.into === questionId) {
            throw new Unacceptable(
              [{ path: "body.into", message: "a question cannot merge into itself" }],
              "不能合并到自身",
            );
          }
          // The target is locked too: it cannot be dismissed or merged while votes move into it.
          await tx.run(lockQuery, { id: action.into });
          const target = (await tx.run(getQuery, { id: action.into })).records[0];
          if (!target) {
            throw new Unacceptable(
              [{ path: "body.into", message: `unknown question "${action.into}"` }],
              "目标问题不存在",
            );
          }
          const t = toQuestion(target.get("q"), target.get("cited"));
          if (t.sessionId !== q.sessionId) {
            throw new Unacceptable(
              [{ path: "body.into", message: "must be a question of the same session" }],
              "只能合并到同一场次中的问题",
            );
          }
          if (t.status !== "approved" && t.status !== "answered") {
            throw new Unacceptable(
              [{ path: "body.into", message: `must be approved or answered; it is ${t.status}` }],
              "只能合并到已通过或已回答的问题",
            );
          }
          next.mergedInto = action.into;
          next.pinned = false;
          const m = (await tx.run(mergeQuery, { from: questionId, into: action.into })).records[0]!;
          mergedVotes = {
            into: action.into,
            votes: toPlain(m.get("votes")) as number,
            revision: toPlain(m.get("revision")) as number,
          };
          break;
        }
        case "pin":
          next.pinned = true;
          for (const u of (await tx.run(unpinQuery, { sessionId: q.sessionId, id: questionId })).records) {
            changed.push({ id: u.get("id") } as Question);
          }
          break;
        case "unpin":
          next.pinned = false;
          break;
        case "answer": {
          const versions = (action.citations ?? []).map((c, index) => ({ ...c, index }));
          const check = (await tx.run(policiesQuery, {
            policies: [...new Set([...action.citedPolicies, ...versions.map((c) => c.policyId)])],
            versions,
          })).records[0]!;
          const unknown = check.get("unknown") as string[];
          if (unknown.length) {
            throw new Unacceptable(
              unknown.map((p) => ({
                path: action.citedPolicies.includes(p) ? "body.citedPolicies" : "body.citations",
                message: `unknown policy "${p}"`,
              })),
              "引用的政策不存在",
            );
          }
          const missing = (check.get("missingVersions") as unknown[]).map((i) => Number(toPlain(i)));
          if (missing.length) {
            throw new Unacceptable(
              missing.map((i) => ({
                path: `body.citations.${i}.version`,
                message: `policy "${versions[i]!.policyId}" has no version ${versions[i]!.version}`,
              })),
              "引用的政策版本不存在",
            );
          }
          next.answer = action.answer;
          next.answeredBy = actor.id;
          next.pinned = false;
          // a policy cited with its version keeps it; one named only in citedPolicies has none
          next.cited = [
            ...new Map([
              ...action.citedPolicies.map((id) =>
                [id, { policyId: id, version: null as number | null }] as const
              ),
              ...(action.citations ?? []).map((c) => [c.policyId, c] as const),
            ]).values(),
          ];
          break;
        }
        case "reopen":
          next.answer = null;
          next.cited = [];
          break;
      }
      await tx.run(updateQuery, { id: questionId, actorId: actor.id, ...next });
      // The moderation's audit entry (no asker's name or key: the question as the host sees it).
      const seenBy = (x: Pick<Question, "status" | "text" | "pinned" | "answer" | "mergedInto">) => ({
        sessionId: q.sessionId,
        status: x.status,
        text: x.text,
        pinned: x.pinned,
        answer: x.answer,
        mergedInto: x.mergedInto,
      });
      await appendAudit(tx, { actor, requestId }, {
        action: `question.${action.action}`,
        entityType: "question",
        entityId: questionId,
        before: seenBy(q),
        after: {
          ...seenBy(next),
          ...(next.dismissReason ? { dismissReason: next.dismissReason } : {}),
          ...(next.cited ? { cited: next.cited } : {}),
        },
      });
      return q.sessionId;
    });
    const question = (await this.get(questionId))!.question;
    for (const other of changed) {
      const o = await this.get(other.id);
      if (o) await this.#publishQuestion(o.question);
    }
    await this.#publishQuestion(question);
    const mv = mergedVotes as { into: string; votes: number; revision: number } | null;
    if (mv) await this.#publishVotes(sessionId, mv.into, mv.votes, mv.revision);
    if (action.action === "pin" || (wasPinned && !question.pinned)) {
      await this.live.publish(
        sessionId,
        "pinned",
        { questionId: question.pinned ? question.id : null },
        `pin:${question.id}:${question.revision}`,
      );
    }
    return question;
  }

  async #publishQuestion(q: Question): Promise<void> {
    const visible = publicStatuses.includes(q.status) || q.status === "merged" || q.status === "dismissed";
    if (!visible) {
      // a question waiting for review: the host's room learns that one arrived, the stream (open to
      // everyone) never carries its text or asker
      if (q.status === "pending") {
        await this.live.publish(
          q.sessionId,
          "pending",
          { questionId: q.id, revision: q.revision },
          `pending:${q.id}:${q.revision}`,
        );
      }
      return;
    }
    await this.live.publish(q.sessionId, "question", publicView(q), `question:${q.id}:${q.revision}`);
  }

  async #publishVotes(sessionId: string, questionId: string, votes: number, revision: number): Promise<void> {
    await publishVoteTotal(this.live, { sessionId, id: questionId, votes, revision });
  }
}

/** What the audience sees of a question (no moderation details of hidden ones). */
export function publicView(q: Question): Omit<Question, "similarTo"> {
  const { similarTo: _s, ...rest } = q;
  return rest;
}
