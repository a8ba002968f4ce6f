/**
 * Launches of items in a live session (polls, quizzes, surveys): open, close, reveal and hide their
 * results, list them, and count their results. Every change is an `(:ItemLaunch)` write; opening
 * and closing put `session.poll.opened|closed` in the outbox in the same transaction, and the live
 * stream hears of them after the commit.
 */
import { createEvent, enqueueEvent } from "@yibao/events";
import { type Graph, type ManagedTransaction, toPlain } from "@yibao/graph";
import type { Actor } from "@yibao/kit";
import { NotFound, StateConflict, Unacceptable } from "../errors.ts";
import type { LivePublisher } from "../live.ts";
import { mayChange } from "../session_repository.ts";
import { choicesOf, isKnowledge, type LiveItem, toLiveItem } from "../answers/grading.ts";
import { ItemNeedsReview, LaunchNotFound } from "./errors.ts";
import { type CountedItem, type ItemResults, itemResults, leaderboard, type LeaderRow } from "./results.ts";
import itemsCheckQuery from "./queries/items_check.cypher" with { type: "text" };
import createQuery from "./queries/launch_create.cypher" with { type: "text" };
import getQuery from "./queries/launch_get.cypher" with { type: "text" };
import listQuery from "./queries/launch_list.cypher" with { type: "text" };
import lockQuery from "./queries/launch_lock.cypher" with { type: "text" };
import updateQuery from "./queries/launch_update.cypher" with { type: "text" };
import countsQuery from "./queries/results_counts.cypher" with { type: "text" };
import leaderboardQuery from "./queries/leaderboard.cypher" with { type: "text" };
import sessionQuery from "./queries/session_for_launch.cypher" with { type: "text" };

/** Kinds of launch (GLOSSARY.md: poll, quiz, survey). */
export const launchKinds = ["poll", "quiz", "survey"] as const;
/** Why a launch is asked. */
export const launchPurposes = ["live", "preTest", "postTest", "satisfaction", "followUp"] as const;

/** A launch as stored. */
export interface Launch {
  id: string;
  sessionId: string;
  kind: typeof launchKinds[number];
  purpose: typeof launchPurposes[number];
  /** `scheduled`: a follow-up waiting for its `opensAt`. */
  status: "scheduled" | "open" | "closed";
  resultsVisible: boolean;
  timed: boolean;
  secondsPerItem: number | null;
  itemIds: string[];
  openedAt: string | null;
  /** A scheduled follow-up opens then (null for launches opened at once). */
  opensAt: string | null;
  closedAt: string | null;
  openedBy: string;
  revision: number;
  /** A timed quiz takes answers until then; null when untimed. */
  deadline: string | null;
}

/** An item as the audience sees it: no key, no explanation (until the results are revealed). */
export interface PublicItem {
  id: string;
  kind: LiveItem["kind"];
  stem: string;
  choices: { id: string; text: string }[];
  anonymous: boolean;
}

/** A launch's results. */
export interface LaunchResults {
  launchId: string;
  revision: number;
  resultsVisible: boolean;
  status: Launch["status"];
  /** How many answers (all items) the results count. */
  answers: number;
  /** The instant the counts were read (every answer committed before it is counted). */
  asOf: string;
  items: ItemResults[];
  /** Timed quizzes only: the top respondents under pseudonymous names. */
  leaderboard: LeaderRow[] | null;
}

/** A new launch. */
export interface LaunchInput {
  kind: Launch["kind"];
  purpose: Launch["purpose"];
  itemIds: string[];
  timed: boolean;
  secondsPerItem: number | null;
  resultsVisible: boolean;
  /** Follow-ups only: when it opens (a week after the session, say); null opens it now. */
  opensAt: string | null;
}

/** A launch with the data its gate needs. */
export interface LaunchRecord {
  launch: Launch;
  items: LiveItem[];
  hostId: string;
  sessionStatus: string;
  ended: boolean;
  region: string | null;
  audiences: string[];
}

const source = "/services/sessions";

function toLaunch(raw: unknown): Launch {
  const l = toPlain(raw) as Record<string, unknown>;
  const secondsPerItem = (l.secondsPerItem as number | null) ?? null;
  const itemIds = (l.itemIds as string[]) ?? [];
  const timed = Boolean(l.timed);
  return {
    id: l.id as string,
    sessionId: l.sessionId as string,
    kind: l.kind as Launch["kind"],
    purpose: l.purpose as Launch["purpose"],
    status: l.status as Launch["status"],
    resultsVisible: Boolean(l.resultsVisible),
    timed,
    secondsPerItem,
    itemIds,
    openedAt: (l.openedAt as string | null) ?? null,
    opensAt: (l.opensAt as string | null) ?? null,
    closedAt: (l.closedAt as string | null) ?? null,
    openedBy: l.openedBy as string,
    revision: (l.revision as number) ?? 0,
    deadline: timed && secondsPerItem && l.openedAt
      ? new Date(Date.parse(l.openedAt as string) + secondsPerItem * 1000 * itemIds.length).toISOString()
      : null,
  };
}

/** The item without its key. */
export function publicItem(i: LiveItem): PublicItem {
  return { id: i.id, kind: i.kind, stem: i.stem, choices: choicesOf(i), anonymous: i.anonymous };
}

/** Reads one launch with its gate (null when unknown). */
export async function readLaunch(tx: ManagedTransaction, id: string): Promise<LaunchRecord | null> {
  const r = (await tx.run(getQuery, { id })).records[0];
  if (!r) return null;
  return {
    launch: toLaunch(r.get("l")),
    items: (toPlain(r.get("items")) as Record<string, unknown>[]).map(toLiveItem),
    hostId: r.get("hostId") as string,
    sessionStatus: r.get("sessionStatus") as string,
    ended: Boolean(r.get("ended")),
    region: (r.get("region") as string | null) ?? null,
    audiences: (toPlain(r.get("audiences")) as string[]) ?? [],
  };
}

/** Checks what is launched against the kind and purpose (422 naming the field, in words for people). */
export function checkLaunch(input: LaunchInput, items: (LiveItem | null)[]): void {
  const problems: { path: string; message: { zh: string; en: string } }[] = [];
  const at = (path: string, zh: string, en: string) => problems.push({ path, message: { zh, en } });
  items.forEach((item, i) => {
    const path = `body.itemIds.${i}`;
    if (!item) at(path, `没有这道题（${input.itemIds[i]}）`, `unknown item "${input.itemIds[i]}"`);
    else if (input.kind === "quiz" && !isKnowledge(item)) {
      at(
        path,
        `「${item.stem}」没有标准答案，测验只能用有答案的知识题`,
        `item "${item.id}" has no key: a quiz asks knowledge items`,
      );
    } else if (input.purpose === "satisfaction" && item.kind !== "rating" && item.kind !== "openText") {
      at(
        path,
        `「${item.stem}」不是评分题或简答题，满意度调查只用这两种`,
        `item "${item.id}" is ${item.kind}: a satisfaction survey asks 1–5 ratings and open text`,
      );
    }
  });
  if ((input.purpose === "preTest" || input.purpose === "postTest") && input.kind !== "quiz") {
    at(
      "body.kind",
      input.purpose === "preTest" ? "课前测验要选“测验”" : "课后测验要选“测验”",
      `a ${input.purpose} is a quiz`,
    );
  }
  if (input.purpose === "satisfaction" && input.kind !== "survey") {
    at("body.kind", "满意度调查要选“问卷”", "a satisfaction survey is a survey");
  }
  if (input.timed && input.kind !== "quiz") at("body.timed", "只有测验可以限时", "only a quiz can be timed");
  if (input.opensAt !== null && input.purpose !== "followUp") {
    at("body.opensAt", "只有回访问卷可以定时开放", "only a follow-up opens later");
  }
  if (problems.length) throw new Unacceptable(problems, "这组题目不能这样发布，请看各字段的说明");
}

/** Puts `session.poll.opened` in the outbox (its id derived from the launch: once per launch). */
export async function enqueueOpened(
  tx: ManagedTransaction,
  l: Pick<Launch, "id" | "sessionId" | "kind" | "purpose" | "itemIds">,
  requestId: string | null,
): Promise<void> {
  await enqueueEvent(
    tx,
    createEvent({
      id: `poll-opened:${l.id}`,
      type: "session.poll.opened",
      source,
      subject: l.sessionId,
      data: { sessionId: l.sessionId, launchId: l.id, kind: l.kind, purpose: l.purpose, itemIds: l.itemIds },
    }),
    requestId ? { requestId } : {},
  );
}

/** Launches, their results and their live events. */
export class LaunchRepository {
  constructor(private readonly graph: Graph, private readonly live: LivePublisher) {}

  /** Opens a launch in a session (its host or an admin); items must exist and be ready. */
  async create(
    sessionId: string,
    input: LaunchInput,
    actor: Actor,
    requestId: string | null,
  ): Promise<LaunchRecord> {
    const id = `lau-${crypto.randomUUID()}`;
    const record = await this.graph.write(async (tx) => {
      const s = (await tx.run(sessionQuery, { id: sessionId })).records[0];
      if (!s) throw new NotFound("session", sessionId);
      mayChange({ hostId: s.get("hostId") }, actor);
      if (s.get("status") === "cancelled") {
        throw new StateConflict(
          "The session is cancelled: nothing can be launched in it",
          "该场次已取消，不能发布题目",
        );
      }
      const items = (await tx.run(itemsCheckQuery, { itemIds: input.itemIds })).records.map((r) => {
        const p = toPlain(r.get("item")) as Record<string, unknown> | null;
        return p ? toLiveItem(p) : null;
      });
      checkLaunch(input, items);
      const waiting = items.flatMap((it, i) => (it && it.status !== "ready" ? [{ it: it!, i }] : []));
      if (waiting.length) {
        throw new ItemNeedsReview(
          waiting.map((w) => w.it.id),
          waiting.map((w) => ({
            path: `body.itemIds.${w.i}`,
            code: "needsReview",
            message: {
              zh: `题目「${w.it.id}」引用的政策已修订，需复核后才能发布`,
              en: `item "${w.it.id}" needs review (its policy changed) before it can be launched`,
            },
          })),
        );
      }
      const scheduled = input.opensAt !== null && Date.parse(input.opensAt) > Date.now();
      await tx.run(createQuery, {
        status: scheduled ? "scheduled" : "open",
        opensAt: scheduled ? input.opensAt : null,
        id,
        sessionId,
        kind: input.kind,
        purpose: input.purpose,
        resultsVisible: input.resultsVisible,
        timed: input.timed,
        secondsPerItem: input.timed ? input.secondsPerItem : null,
        itemIds: input.itemIds,
        actorId: actor.id,
      });
      // a scheduled follow-up is announced when it opens (follow_ups.ts)
      if (!scheduled) await enqueueOpened(tx, { id, sessionId, ...input }, requestId);
      return (await readLaunch(tx, id))!;
    });
    if (record.launch.status === "open") await this.publishOpened(record);
    return record;
  }

  /** The live `poll` event of a launch that opened: the launch and its items without keys. */
  async publishOpened(record: Pick<LaunchRecord, "launch" | "items">): Promise<void> {
    const l = record.launch;
    await this.live.publish(l.sessionId, "poll", {
      launch: l,
      items: record.items.map(publicItem),
      revision: l.revision,
    }, `poll:${l.id}:${l.revision}`);
  }

  /** One launch (null when unknown). */
  async get(id: string): Promise<LaunchRecord | null> {
    return await this.graph.read((tx) => readLaunch(tx, id));
  }

  /** A session's launches, newest first: open (and revealed) ones, or all of them. */
  async list(sessionId: string, all: boolean): Promise<{ launch: Launch; items: LiveItem[] }[]> {
    return await this.graph.read(async (tx) =>
      (await tx.run(listQuery, { sessionId, all })).records.map((r) => ({
        launch: toLaunch(r.get("l")),
        items: (toPlain(r.get("items")) as Record<string, unknown>[]).map(toLiveItem),
      }))
    );
  }

  /** Closes, reveals or hides (the session's host or an admin); publishes the change after the commit. */
  async act(
    id: string,
    action: "close" | "reveal" | "hide",
    actor: Actor,
    requestId: string | null,
  ): Promise<LaunchRecord> {
    const record = await this.graph.write(async (tx) => {
      if ((await tx.run(lockQuery, { id })).records.length === 0) throw new LaunchNotFound(id);
      const current = (await readLaunch(tx, id))!;
      mayChange({ hostId: current.hostId }, actor);
      const l = current.launch;
      if (action === "close" && l.status === "closed") return current; // idempotent
      if (action === "reveal" && l.resultsVisible) return current;
      if (action === "hide" && !l.resultsVisible) return current;
      await tx.run(updateQuery, {
        id,
        status: action === "close" ? "closed" : l.status,
        resultsVisible: action === "close" ? l.resultsVisible : action === "reveal",
      });
      if (action === "close") {
        await enqueueEvent(
          tx,
          createEvent({
            id: `poll-closed:${id}`,
            type: "session.poll.closed",
            source,
            subject: l.sessionId,
            data: {
              sessionId: l.sessionId,
              launchId: id,
              kind: l.kind,
              purpose: l.purpose,
              itemIds: l.itemIds,
            },
          }),
          requestId ? { requestId } : {},
        );
      }
      return (await readLaunch(tx, id))!;
    });
    const l = record.launch;
    if (action === "close") {
      await this.live.publish(
        l.sessionId,
        "pollClosed",
        { launchId: id, revision: l.revision },
        `pollClosed:${id}`,
      );
    }
    if (action === "hide") {
      await this.live.publish(
        l.sessionId,
        "pollHidden",
        { launchId: id, revision: l.revision },
        `pollHidden:${id}:${l.revision}`,
      );
    }
    if (l.resultsVisible && action !== "hide") await this.publishResults(record);
    return record;
  }

  /** Counts a launch's results; the host's view has open-text answers. */
  async results(record: Pick<LaunchRecord, "launch" | "items">, forHost: boolean): Promise<LaunchResults> {
    return await this.graph.read(async (tx) => {
      const asOf = new Date().toISOString();
      const r = (await tx.run(countsQuery, { launchId: record.launch.id })).records[0];
      if (!r) throw new LaunchNotFound(record.launch.id);
      const counted = new Map<string, CountedItem>();
      let answers = 0;
      for (
        const raw of toPlain(r.get("perItem")) as {
          itemId: string;
          answered: number;
          correct: number;
          chosen: string[];
          texts: string[];
        }[]
      ) {
        const counts: Record<string, number> = {};
        for (const c of raw.chosen) counts[c] = (counts[c] ?? 0) + 1;
        counted.set(raw.itemId, {
          itemId: raw.itemId,
          answered: raw.answered,
          correct: raw.correct,
          counts,
          texts: raw.texts,
        });
        answers += raw.answered;
      }
      let board: LeaderRow[] | null = null;
      if (record.launch.timed) {
        const opened = record.launch.openedAt ? Date.parse(record.launch.openedAt) : Date.now();
        board = leaderboard(
          (await tx.run(leaderboardQuery, { launchId: record.launch.id })).records.map((x) => {
            const answered = toPlain(x.get("answered")) as number;
            return {
              respondentId: x.get("respondentId") as string,
              correct: toPlain(x.get("correct")) as number,
              answered,
              totalMs: (toPlain(x.get("sumMs")) as number) - answered * opened,
            };
          }),
        );
      }
      return {
        launchId: record.launch.id,
        revision: toPlain(r.get("revision")) as number,
        resultsVisible: Boolean(r.get("resultsVisible")),
        status: r.get("status") as Launch["status"],
        answers,
        asOf,
        items: itemResults(record.items, counted, { forHost }),
        leaderboard: board,
      };
    });
  }

  /**
   * Publishes the launch's current results to its session's stream: counts per choice when the
   * results are visible (`pollResults`), only the number of answers while hidden (`pollAnswered`,
   * for the host's room to re-read). The message id names the launch's revision and the count, so
   * two instances publishing the same state store it once.
   */
  async publishResults(record: Pick<LaunchRecord, "launch" | "items">): Promise<void> {
    const r = await this.results(record, false);
    const l = record.launch;
    if (r.resultsVisible) {
      await this.live.publish(
        l.sessionId,
        "pollResults",
        { ...r },
        `pollResults:${l.id}:${r.revision}:${r.answers}`,
      );
    } else {
      await this.live.publish(
        l.sessionId,
        "pollAnswered",
        { launchId: l.id, revision: r.revision, answers: r.answers, asOf: r.asOf },
        `pollAnswered:${l.id}:${r.revision}:${r.answers}`,
      );
    }
  }
}
