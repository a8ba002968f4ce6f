/** Sessions in the graph: scheduling with race-safe conflict checks, listing, cancelling. */
import { createEvent, enqueueEvent } from "@yibao/events";
import { type Graph, int, type ManagedTransaction, toPlain } from "@yibao/graph";
import { type Actor, appendAudit } from "@yibao/kit";
import { findClashes, type Neighbour } from "./conflicts.ts";
import {
  NotFound,
  NotYours,
  ScheduleConflict,
  StaleSequence,
  StateConflict,
  Unacceptable,
} from "./errors.ts";
import {
  checkWindow,
  isOccurrence,
  type OccurrenceException,
  occurrencesBetween,
  type Series,
  seriesEnd,
} from "./recurrence.ts";
import { localIso, utcIso } from "@yibao/domain";
import type { z } from "@hono/zod-openapi";
import type { sessionSchema } from "./schemas.ts";
import type { LivePublisher } from "./live.ts";
import lockQuery from "./queries/lock_host_channel.cypher" with { type: "text" };
import referencesQuery from "./queries/references_check.cypher" with { type: "text" };
import neighboursQuery from "./queries/neighbours.cypher" with { type: "text" };
import upsertQuery from "./queries/session_upsert.cypher" with { type: "text" };
import getQuery from "./queries/session_get.cypher" with { type: "text" };
import sessionLockQuery from "./queries/session_lock.cypher" with { type: "text" };
import listQuery from "./queries/session_list.cypher" with { type: "text" };
import statusQuery from "./queries/session_status.cypher" with { type: "text" };

const source = "/services/sessions";

/** A session as the API shows it. */
export type SessionView = z.infer<typeof sessionSchema>;

/** Everything a session is scheduled with (resolved: host known, times in ms). */
import joinCodeQuery from "./queries/session_join_code.cypher" with { type: "text" };
import byCodeQuery from "./queries/session_by_code.cypher" with { type: "text" };
import { candidateJoinCodes } from "./join_code.ts";

export interface SessionInput {
  title: string;
  description: string;
  hostId: string;
  hostName: string;
  startsAt: number;
  durationMinutes: number;
  timeZone: string;
  channel: string;
  channelAccount: string;
  streamUrl: string | null;
  capacity: number | null;
  rrule: string | null;
  exceptions: Record<string, OccurrenceException>;
  policies: string[];
  topics: string[];
  audiences: string[];
  region: string;
  requiresReview: boolean;
  replayUrl: string | null;
  transcript: string | null;
  /** false clears the needs-rebrief flag (the host read it). */
  needsRebrief?: boolean;
}

/** A session read from the graph, before it is shaped for the API. */
export interface StoredSession extends SessionInput {
  id: string;
  /** Six digits the audience types to join (null for sessions scheduled before join codes). */
  joinCode: string | null;
  status: "scheduled" | "cancelled";
  sequence: number;
  needsRebrief: boolean;
  rebriefs: unknown[];
  lastEndsAt: number | null;
  regionName: string;
  createdAt: string;
  updatedAt: string;
}

/** Filters of listings and feeds. */
export interface SessionFilter {
  from: number;
  to: number;
  topic?: string;
  region?: string;
  audience?: string;
  hostId?: string;
  includeCancelled: boolean;
  limit: number;
}

/** The series view of a session, for expansion. */
export function seriesOf(s: SessionInput): Series {
  return {
    startsAt: s.startsAt,
    durationMinutes: s.durationMinutes,
    timeZone: s.timeZone,
    rrule: s.rrule,
    exceptions: s.exceptions,
  };
}

function fromRecord(rec: { get(k: string): unknown }): StoredSession {
  const s = toPlain(rec.get("s")) as Record<string, unknown>;
  const region = toPlain(rec.get("region")) as { code: string; name: string } | null;
  return {
    id: s.id as string,
    joinCode: (s.joinCode as string) ?? null,
    title: s.title as string,
    description: (s.description as string) ?? "",
    hostId: s.hostId as string,
    hostName: s.hostName as string,
    startsAt: Date.parse(s.startsAt as string),
    durationMinutes: s.durationMinutes as number,
    timeZone: s.timeZone as string,
    channel: s.channel as string,
    channelAccount: s.channelAccount as string,
    streamUrl: (s.streamUrl as string) ?? null,
    capacity: (s.capacity as number) ?? null,
    rrule: (s.rrule as string) ?? null,
    exceptions: JSON.parse((s.exceptions as string) ?? "{}"),
    policies: toPlain(rec.get("policies")) as string[],
    topics: toPlain(rec.get("topics")) as string[],
    audiences: toPlain(rec.get("audiences")) as string[],
    region: region?.code ?? "",
    regionName: region?.name ?? "",
    requiresReview: Boolean(s.requiresReview),
    replayUrl: (s.replayUrl as string) ?? null,
    transcript: (s.transcript as string) ?? null,
    status: s.status as "scheduled" | "cancelled",
    sequence: s.sequence as number,
    needsRebrief: Boolean(s.needsRebrief),
    rebriefs: JSON.parse((s.rebriefs as string) ?? "[]"),
    lastEndsAt: s.lastEndsAt ? Date.parse(s.lastEndsAt as string) : null,
    createdAt: s.createdAt as string,
    updatedAt: s.updatedAt as string,
  };
}

/** A session as the API shows it; with `range`, its occurrences inside it. */
export function present(s: StoredSession, range?: { from: number; to: number }): SessionView {
  const end = s.startsAt + s.durationMinutes * 60_000;
  return {
    id: s.id,
    joinCode: s.joinCode,
    title: s.title,
    description: s.description,
    host: { id: s.hostId, name: s.hostName },
    startsAt: utcIso(s.startsAt),
    startsAtLocal: localIso(s.startsAt, s.timeZone),
    endsAt: utcIso(end),
    durationMinutes: s.durationMinutes,
    timeZone: s.timeZone,
    channel: s.channel,
    channelAccount: s.channelAccount,
    streamUrl: s.streamUrl,
    capacity: s.capacity,
    recurrence: s.rrule,
    exceptions: Object.entries(s.exceptions).map(([k, e]) => ({
      originalStart: utcIso(Date.parse(k)),
      ...(e.startsAt ? { startsAt: utcIso(Date.parse(e.startsAt)) } : {}),
      ...(e.cancelled ? { cancelled: true } : {}),
    })),
    lastEndsAt: s.lastEndsAt === null ? null : utcIso(s.lastEndsAt),
    status: s.status,
    sequence: s.sequence,
    requiresReview: s.requiresReview,
    needsRebrief: s.needsRebrief,
    rebriefs: s.rebriefs,
    replayUrl: s.replayUrl,
    transcript: s.transcript,
    policies: s.policies,
    topics: s.topics,
    audiences: s.audiences,
    region: { code: s.region, name: s.regionName },
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    ...(range
      ? {
        occurrences: occurrencesBetween(seriesOf(s), range.from, range.to).map((o) => ({
          originalStart: utcIso(o.originalStart),
          startsAt: utcIso(o.start),
          startsAtLocal: localIso(o.start, s.timeZone),
          endsAt: utcIso(o.end),
          moved: o.moved,
          cancelled: o.cancelled || s.status === "cancelled",
        })),
      }
      : {}),
  } as SessionView;
}

/** A session as its audit entries keep it: the API's view, the transcript by its length only. */
function auditView(s: StoredSession): Record<string, unknown> {
  const { transcript, rebriefs: _r, ...rest } = present(s);
  return { ...rest, transcriptChars: transcript?.length ?? 0 };
}

/** Whether a change only moves occurrences of a series (its exceptions changed, nothing else). */
function movedOnly(current: StoredSession, next: SessionInput): boolean {
  const { exceptions: a, ...restA } = current;
  const { exceptions: b, ...restB } = { ...current, ...next };
  return JSON.stringify(a) !== JSON.stringify(b) && JSON.stringify(restA) === JSON.stringify(restB);
}

/** Scheduling writes and reads. */
export class SessionRepository {
  constructor(
    private readonly graph: Graph,
    private readonly options: { bufferMs: number; now?: () => number },
    private readonly live?: LivePublisher,
  ) {}

  /** Tells live listeners what changed (after the commit). */
  async #announce(s: StoredSession): Promise<StoredSession> {
    await this.live?.publish(s.id, "session", {
      sessionId: s.id,
      status: s.status,
      sequence: s.sequence,
      startsAt: utcIso(s.startsAt),
      needsRebrief: s.needsRebrief,
      replayUrl: s.replayUrl,
    }, `session:${s.id}:${s.sequence}`);
    return s;
  }

  #now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Schedules a new session; refuses overlaps of its host or channel (409). */
  async create(input: SessionInput, actor: Actor, requestId: string): Promise<StoredSession> {
    if (input.startsAt < this.#now()) {
      throw new Unacceptable([{ path: "body.startsAt", message: "is in the past" }], "开始时间已过");
    }
    const id = `ses-${crypto.randomUUID()}`;
    return await this.graph.write(async (tx) => {
      await this.#save(tx, id, input, actor);
      await tx.run(joinCodeQuery, { id, codes: candidateJoinCodes() });
      await enqueueEvent(
        tx,
        createEvent({
          type: "session.scheduled",
          source,
          subject: id,
          data: eventData(id, input, 0),
        }),
        { requestId },
      );
      const created = (await readOne(tx, id))!;
      await appendAudit(tx, { actor, requestId }, {
        action: "session.schedule",
        entityType: "session",
        entityId: id,
        before: null,
        after: auditView(created),
      });
      return created;
    });
  }

  /**
   * Rewrites a session (reschedule, new links, replay…): the session's lock serialises changes of
   * it (so If-Match is compared with the latest sequence), the host's and channel's locks
   * serialise schedules.
   */
  async update(
    id: string,
    change: (current: StoredSession) => SessionInput,
    actor: Actor,
    requestId: string,
    ifSequence?: number,
  ): Promise<StoredSession> {
    return await this.#announce(
      await this.graph.write(async (tx) => {
        const current = await lockAndRead(tx, id);
        if (!current) throw new NotFound("session", id);
        mayChange(current, actor);
        if (ifSequence !== undefined && ifSequence !== current.sequence) {
          throw new StaleSequence(current.sequence);
        }
        if (current.status === "cancelled") {
          throw new StateConflict("A cancelled session cannot be changed", "已取消的场次不能修改");
        }
        const next = change(current);
        const timing = next.startsAt !== current.startsAt ||
          next.durationMinutes !== current.durationMinutes ||
          next.timeZone !== current.timeZone || next.rrule !== current.rrule ||
          JSON.stringify(next.exceptions) !== JSON.stringify(current.exceptions) ||
          next.hostId !== current.hostId ||
          `${next.channel}:${next.channelAccount}` !== `${current.channel}:${current.channelAccount}`;
        if (timing && next.startsAt !== current.startsAt && next.startsAt < this.#now()) {
          throw new Unacceptable([{ path: "body.startsAt", message: "is in the past" }], "开始时间已过");
        }
        const sequence = await this.#save(tx, id, next, actor, timing);
        if (timing) {
          await enqueueEvent(
            tx,
            createEvent({
              type: "session.rescheduled",
              source,
              subject: id,
              data: { ...eventData(id, next, sequence), previousStartsAt: utcIso(current.startsAt) },
            }),
            { requestId },
          );
        }
        const after = (await readOne(tx, id))!;
        await appendAudit(tx, { actor, requestId }, {
          action: movedOnly(current, next) ? "session.moveOccurrence" : "session.update",
          entityType: "session",
          entityId: id,
          before: auditView(current),
          after: auditView(after),
        });
        return after;
      }),
    );
  }

  /** Cancels a session, or one occurrence of a recurring one. */
  async cancel(
    id: string,
    options: { reason?: string; occurrenceStart?: number },
    actor: Actor,
    requestId: string,
  ): Promise<StoredSession> {
    return await this.#announce(
      await this.graph.write(async (tx) => {
        const current = await lockAndRead(tx, id);
        if (!current) throw new NotFound("session", id);
        mayChange(current, actor);
        if (current.status === "cancelled") {
          throw new StateConflict("The session is cancelled already", "该场次已取消");
        }
        let exceptions: string | null = null;
        let lastEndsAt: string | null = null;
        let touchLastEnd = false;
        if (options.occurrenceStart !== undefined) {
          const series = seriesOf(current);
          if (!current.rrule || !isOccurrence(series, options.occurrenceStart)) {
            throw new Unacceptable(
              [{ path: "body.occurrenceStart", message: "is not an occurrence of this session" }],
              "该时间不是本场次的一次重复",
            );
          }
          const key = new Date(options.occurrenceStart).toISOString();
          const next = { ...current.exceptions, [key]: { ...current.exceptions[key], cancelled: true } };
          exceptions = JSON.stringify(next);
          const end = seriesEnd({ ...series, exceptions: next });
          lastEndsAt = end === null ? null : new Date(end).toISOString();
          touchLastEnd = true;
        }
        const r = await tx.run(statusQuery, {
          id,
          status: options.occurrenceStart === undefined ? "cancelled" : null,
          exceptions,
          lastEndsAt,
          touchLastEnd,
          reason: options.reason ?? null,
        });
        const sequence = toPlain(r.records[0]!.get("sequence")) as number;
        await enqueueEvent(
          tx,
          createEvent({
            type: "session.cancelled",
            source,
            subject: id,
            data: {
              ...eventData(id, current, sequence),
              ...(options.occurrenceStart !== undefined
                ? { occurrenceStart: utcIso(options.occurrenceStart) }
                : {}),
              ...(options.reason ? { reason: options.reason } : {}),
            },
          }),
          { requestId },
        );
        const after = (await readOne(tx, id))!;
        await appendAudit(tx, { actor, requestId }, {
          action: options.occurrenceStart === undefined ? "session.cancel" : "session.cancelOccurrence",
          entityType: "session",
          entityId: id,
          before: auditView(current),
          after: {
            ...auditView(after),
            ...(options.occurrenceStart !== undefined
              ? { occurrenceStart: utcIso(options.occurrenceStart) }
              : {}),
            reason: options.reason ?? null,
          },
        });
        return after;
      }),
    );
  }

  /** The session a join code names (null when none). */
  async byJoinCode(code: string): Promise<StoredSession | null> {
    return await this.graph.read(async (tx) => {
      const r = (await tx.run(byCodeQuery, { code })).records[0];
      return r ? await readOne(tx, r.get("id") as string) : null;
    });
  }

  /** One session. */
  async get(id: string): Promise<StoredSession | null> {
    return await this.graph.read((tx) => readOne(tx, id));
  }

  /** Sessions with an occurrence in the filter's range. */
  async list(f: SessionFilter): Promise<StoredSession[]> {
    const rows = await this.graph.read(async (tx) =>
      (await tx.run(listQuery, {
        from: new Date(f.from).toISOString(),
        to: new Date(f.to).toISOString(),
        topic: f.topic ?? null,
        region: f.region ?? null,
        audience: f.audience ?? null,
        hostId: f.hostId ?? null,
        includeCancelled: f.includeCancelled,
        limit: int(f.limit),
      })).records.map(fromRecord)
    );
    return rows.filter((s) => occurrencesBetween(seriesOf(s), f.from, f.to).length > 0);
  }

  /** Locks host and channel, checks references and overlaps, writes; returns the new sequence. */
  async #save(
    tx: ManagedTransaction,
    id: string,
    input: SessionInput,
    actor: Actor,
    checkOverlaps = true,
  ): Promise<number> {
    const channelKey = `${input.channel}:${input.channelAccount}`;
    // Expansion happens before the locks (its cost never holds a host or a channel).
    const series = seriesOf(input);
    const lastEnd = seriesEnd(series);
    const window = checkWindow(series, this.#now());
    const mine = checkOverlaps ? occurrencesBetween(series, window.from, window.to) : [];
    await tx.run(lockQuery, {
      hostId: input.hostId,
      hostName: input.hostName,
      channelKey,
      channel: input.channel,
      channelAccount: input.channelAccount,
    });
    const refs = (await tx.run(referencesQuery, {
      policies: input.policies,
      topics: input.topics,
      audiences: input.audiences,
      region: input.region,
    })).records[0]!;
    const problems: { path: string; message: string }[] = [];
    for (
      const [key, label] of [["policies", "policy"], ["topics", "topic"], ["audiences", "audience"]] as const
    ) {
      for (const bad of refs.get(key) as string[]) {
        problems.push({ path: `body.${key}`, message: `unknown ${label} "${bad}"` });
      }
    }
    if (!refs.get("regionKnown")) {
      problems.push({ path: "body.region", message: `unknown region "${input.region}"` });
    }
    if (problems.length) throw new Unacceptable(problems, "引用了不存在的政策、主题、人群或地区");
    if (checkOverlaps && mine.length > 0) {
      const rows = (await tx.run(neighboursQuery, {
        id,
        hostId: input.hostId,
        channelKey,
        from: new Date(window.from - this.options.bufferMs).toISOString(),
        to: new Date(window.to + this.options.bufferMs).toISOString(),
      })).records;
      const neighbours: Neighbour[] = rows.map((r) => {
        const s = toPlain(r.get("s")) as Record<string, unknown>;
        const other: Series = {
          startsAt: Date.parse(s.startsAt as string),
          durationMinutes: s.durationMinutes as number,
          timeZone: s.timeZone as string,
          rrule: (s.rrule as string) ?? null,
          exceptions: JSON.parse((s.exceptions as string) ?? "{}"),
        };
        return {
          id: s.id as string,
          sameHost: Boolean(r.get("sameHost")),
          sameChannel: Boolean(r.get("sameChannel")),
          occurrences: occurrencesBetween(
            other,
            window.from - this.options.bufferMs,
            window.to + this.options.bufferMs,
          ),
        };
      });
      const clashes = findClashes(mine, neighbours, this.options.bufferMs);
      if (clashes.length) throw new ScheduleConflict(clashes, input.timeZone);
    }
    const r = await tx.run(upsertQuery, {
      id,
      actorId: actor.id,
      title: input.title,
      description: input.description,
      hostId: input.hostId,
      hostName: input.hostName,
      startsAt: new Date(input.startsAt).toISOString(),
      durationMinutes: int(input.durationMinutes),
      timeZone: input.timeZone,
      channel: input.channel,
      channelAccount: input.channelAccount,
      channelKey,
      streamUrl: input.streamUrl,
      capacity: input.capacity === null ? null : int(input.capacity),
      rrule: input.rrule,
      exceptions: JSON.stringify(input.exceptions),
      lastEndsAt: lastEnd === null ? null : new Date(lastEnd).toISOString(),
      requiresReview: input.requiresReview,
      replayUrl: input.replayUrl,
      transcript: input.transcript,
      needsRebrief: input.needsRebrief ?? null,
      policies: input.policies,
      topics: input.topics,
      audiences: input.audiences,
      region: input.region,
    });
    return toPlain(r.records[0]!.get("sequence")) as number;
  }
}

/**
 * Locks the session, then reads it (null when it does not exist): a change compares its
 * If-Match and builds on the state no other writer can change before it commits. Taken before
 * the host's and channel's locks.
 */
export async function lockAndRead(tx: ManagedTransaction, id: string): Promise<StoredSession | null> {
  const locked = await tx.run(sessionLockQuery, { id });
  if (locked.records.length === 0) return null;
  return await readOne(tx, id);
}

async function readOne(tx: ManagedTransaction, id: string): Promise<StoredSession | null> {
  const r = await tx.run(getQuery, { id });
  return r.records[0] ? fromRecord(r.records[0]) : null;
}

/** Hosts change their own sessions; admins any. */
export function mayChange(s: { hostId: string }, actor: Actor): void {
  if (actor.role === "admin") return;
  if (actor.id !== `user:${s.hostId}`) {
    throw new NotYours("Only the session's host (or an admin) may change it");
  }
}

function eventData(id: string, s: SessionInput, sequence: number) {
  return {
    sessionId: id,
    sequence,
    title: s.title,
    hostId: s.hostId,
    startsAt: utcIso(s.startsAt),
    durationMinutes: s.durationMinutes,
    timeZone: s.timeZone,
    recurrence: s.rrule,
    policies: s.policies,
    topics: s.topics,
    audiences: s.audiences,
    region: s.region,
  };
}
