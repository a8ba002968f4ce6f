/** Turns validated request bodies into what the repository writes: times resolved, rules checked. */
import type { Actor } from "@yibao/kit";
import type { z } from "@hono/zod-openapi";
import { Malformed, Unacceptable } from "./errors.ts";
import { checkSeries, isOccurrence, maxAheadMs, normaliseRule, RecurrenceError } from "./recurrence.ts";
import type { newSessionBody, sessionPatch } from "./schemas.ts";
import type { SessionInput, StoredSession } from "./session_repository.ts";
import { seriesOf } from "./session_repository.ts";

function rule(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  try {
    return normaliseRule(text);
  } catch (err) {
    if (err instanceof RecurrenceError) {
      throw new Malformed(
        [{ path: "body.recurrence", message: err.message }],
        "重复规则（RRULE）写法无效，请检查各项",
      );
    }
    throw err;
  }
}

function duration(startsAt: number, durationMinutes?: number, endsAt?: string, fallback?: number): number {
  if (endsAt !== undefined) {
    const end = Date.parse(endsAt);
    if (end <= startsAt) {
      throw new Unacceptable(
        [{ path: "body.endsAt", message: "must be after startsAt" }],
        "结束时间必须晚于开始时间",
      );
    }
    const minutes = Math.round((end - startsAt) / 60_000);
    if (minutes > 600) {
      throw new Unacceptable(
        [{ path: "body.endsAt", message: "a session lasts at most 600 minutes" }],
        "单场最长 600 分钟",
      );
    }
    if (durationMinutes !== undefined && durationMinutes !== minutes) {
      throw new Unacceptable(
        [{ path: "body.durationMinutes", message: "disagrees with endsAt" }],
        "时长与结束时间不一致",
      );
    }
    return Math.max(minutes, 1);
  }
  if (durationMinutes !== undefined) return durationMinutes;
  if (fallback !== undefined) return fallback;
  throw new Unacceptable(
    [{ path: "body.durationMinutes", message: "give durationMinutes or endsAt" }],
    "请提供时长或结束时间",
  );
}

/** Refuses a start beyond {@linkcode maxAheadMs} from now (422 naming the field). */
function notTooFar(path: string, startMs: number, now: number): void {
  if (startMs > now + maxAheadMs) {
    throw new Unacceptable(
      [{ path, message: `must be at most ${Math.round(maxAheadMs / 86_400_000)} days from now` }],
      "时间过远：最多可排到五年以后",
    );
  }
}

/**
 * Refuses a rule that cannot be expanded within the budget (422 on `body.recurrence`); runs
 * before any lock is taken, so a costly rule never holds a host or a channel.
 */
function expandable(input: SessionInput): SessionInput {
  try {
    checkSeries(seriesOf(input));
  } catch (err) {
    if (err instanceof RecurrenceError) {
      throw new Unacceptable(
        [{ path: "body.recurrence", message: err.message }],
        "重复规则（RRULE）无法接受：次数或时间范围超出允许的限度",
      );
    }
    throw err;
  }
  return input;
}

/** The host a caller schedules for: a host schedules for themselves; an admin for anyone named. */
function hostOf(actor: Actor, named?: { id: string; name: string }): { id: string; name: string } {
  const self = actor.id.startsWith("user:") ? actor.id.slice(5) : null;
  if (actor.role === "admin" && named) return named;
  if (!self) {
    throw new Unacceptable([{ path: "body.host", message: "name the host" }], "请指定主播");
  }
  if (named && named.id !== self) {
    throw new Unacceptable(
      [{ path: "body.host.id", message: "a host schedules their own sessions" }],
      "主播只能为自己排期",
    );
  }
  return { id: self, name: named?.name ?? actor.name };
}

/** A new session's input. */
export function newSessionInput(
  b: z.infer<typeof newSessionBody>,
  actor: Actor,
  now = Date.now(),
): SessionInput {
  const startsAt = Date.parse(b.startsAt);
  notTooFar("body.startsAt", startsAt, now);
  const host = hostOf(actor, b.host);
  return expandable({
    title: b.title,
    description: b.description,
    hostId: host.id,
    hostName: host.name,
    startsAt,
    durationMinutes: duration(startsAt, b.durationMinutes, b.endsAt),
    timeZone: b.timeZone,
    channel: b.channel,
    channelAccount: b.channelAccount,
    streamUrl: b.streamUrl ?? null,
    capacity: b.capacity ?? null,
    rrule: rule(b.recurrence),
    exceptions: {},
    policies: [...new Set(b.policies)],
    topics: [...new Set(b.topics)],
    audiences: [...new Set(b.audiences)],
    region: b.region,
    requiresReview: b.requiresReview,
    replayUrl: null,
    transcript: null,
  });
}

/** The session after a PATCH. Moving the series' start clears single-occurrence changes. */
export function patchedInput(
  cur: StoredSession,
  p: z.infer<typeof sessionPatch>,
  actor: Actor,
  now: number,
): SessionInput {
  const startsAt = p.startsAt !== undefined ? Date.parse(p.startsAt) : cur.startsAt;
  if (startsAt !== cur.startsAt) notTooFar("body.startsAt", startsAt, now);
  const host = p.host ? hostOf(actor, p.host) : { id: cur.hostId, name: cur.hostName };
  const rrule = p.recurrence !== undefined ? rule(p.recurrence) : cur.rrule;
  let exceptions = { ...cur.exceptions };
  if (startsAt !== cur.startsAt || rrule !== cur.rrule || (p.timeZone && p.timeZone !== cur.timeZone)) {
    exceptions = {};
  }
  const next: SessionInput = {
    title: p.title ?? cur.title,
    description: p.description ?? cur.description,
    hostId: host.id,
    hostName: host.name,
    startsAt,
    durationMinutes: duration(startsAt, p.durationMinutes, p.endsAt, cur.durationMinutes),
    timeZone: p.timeZone ?? cur.timeZone,
    channel: p.channel ?? cur.channel,
    channelAccount: p.channelAccount ?? cur.channelAccount,
    streamUrl: p.streamUrl !== undefined ? p.streamUrl : cur.streamUrl,
    capacity: p.capacity !== undefined ? p.capacity : cur.capacity,
    rrule,
    exceptions,
    policies: p.policies ? [...new Set(p.policies)] : cur.policies,
    topics: p.topics ? [...new Set(p.topics)] : cur.topics,
    audiences: p.audiences ? [...new Set(p.audiences)] : cur.audiences,
    region: p.region ?? cur.region,
    requiresReview: p.requiresReview ?? cur.requiresReview,
    replayUrl: p.replayUrl !== undefined ? p.replayUrl : cur.replayUrl,
    transcript: p.transcript !== undefined ? p.transcript : cur.transcript,
    ...(p.needsRebrief === false ? { needsRebrief: false } : {}),
  };
  if (p.occurrence) {
    const original = Date.parse(p.occurrence.originalStart);
    const moved = Date.parse(p.occurrence.startsAt);
    if (!next.rrule || !isOccurrence(seriesOf(next), original)) {
      throw new Unacceptable(
        [{ path: "body.occurrence.originalStart", message: "is not an occurrence of this session" }],
        "该时间不是本场次的一次重复",
      );
    }
    if (moved < now || moved < next.startsAt) {
      throw new Unacceptable(
        [{
          path: "body.occurrence.startsAt",
          message: "must be in the future and after the series' first start",
        }],
        "改期后的时间必须在将来，且不早于首场",
      );
    }
    notTooFar("body.occurrence.startsAt", moved, now);
    const key = new Date(original).toISOString();
    next.exceptions = { ...next.exceptions, [key]: { startsAt: new Date(moved).toISOString() } };
  }
  const timing = next.startsAt !== cur.startsAt || next.rrule !== cur.rrule || next.timeZone !== cur.timeZone;
  return timing ? expandable(next) : next;
}
