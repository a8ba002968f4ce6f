/**
 * `session.reminder` at configured offsets before each occurrence. Every instance runs the job;
 * a reminder is claimed by creating its (:SessionReminder {key}) under a uniqueness constraint in
 * the same transaction as its outbox event, so exactly one instance emits it, and the event id is
 * derived from the key (JetStream's duplicate window would drop a second publish too).
 */
import { createEvent, enqueueEvent, type EventLog, type OutboxRelay } from "@yibao/events";
import { type Graph, int, toPlain } from "@yibao/graph";
import { occurrencesBetween } from "./recurrence.ts";
import { utcIso } from "@yibao/domain";
import candidatesQuery from "./queries/reminder_candidates.cypher" with { type: "text" };
import claimQuery from "./queries/reminder_claim.cypher" with { type: "text" };
import pruneQuery from "./queries/rate_windows_prune.cypher" with { type: "text" };
import { startPeriodic } from "./periodic.ts";

/** One reminder that is due now. */
export interface DueReminder {
  key: string;
  sessionId: string;
  occurrenceStart: number;
  offsetMinutes: number;
  data: Record<string, unknown>;
}

/** The reminders due at `now`: offset reached, occurrence not started (or cancelled). */
export function dueReminders(
  sessions: {
    id: string;
    startsAt: number;
    durationMinutes: number;
    timeZone: string;
    rrule: string | null;
    exceptions: Record<string, { startsAt?: string; cancelled?: boolean }>;
    info: Record<string, unknown>;
  }[],
  offsetsMinutes: number[],
  now: number,
): DueReminder[] {
  const longest = Math.max(...offsetsMinutes) * 60_000;
  const out: DueReminder[] = [];
  for (const s of sessions) {
    for (const o of occurrencesBetween(s, now, now + longest + 1)) {
      if (o.cancelled || o.start <= now) continue;
      for (const offset of offsetsMinutes) {
        if (o.start - offset * 60_000 > now) continue;
        // Only the nearest offset reached is due: a session scheduled 30 min ahead gets the 1 h reminder, not the 24 h one.
        const nearer = offsetsMinutes.some((x) => x < offset && o.start - x * 60_000 <= now);
        if (nearer) continue;
        const key = `${s.id}|${new Date(o.originalStart).toISOString()}|${offset}`;
        out.push({
          key,
          sessionId: s.id,
          occurrenceStart: o.start,
          offsetMinutes: offset,
          data: {
            sessionId: s.id,
            occurrenceStart: utcIso(o.start),
            originalStart: utcIso(o.originalStart),
            offsetMinutes: offset,
            ...s.info,
          },
        });
      }
    }
  }
  return out;
}

/** Starts the reminder job of this instance. */
export function startReminders(
  graph: Graph,
  relay: OutboxRelay,
  options: {
    instanceId: string;
    offsetsMinutes: number[];
    intervalMs: number;
    log: EventLog;
    now?: () => number;
  },
): { runOnce(): Promise<number>; stop(): Promise<void> } {
  let rounds = 0;
  const now = () => options.now?.() ?? Date.now();
  async function runOnce(): Promise<number> {
    const t = now();
    const longest = Math.max(...options.offsetsMinutes) * 60_000;
    const rows = await graph.read(async (tx) =>
      (await tx.run(candidatesQuery, {
        now: new Date(t).toISOString(),
        until: new Date(t + longest + 60_000).toISOString(),
      })).records
    );
    const sessions = rows.map((r) => {
      const s = toPlain(r.get("s")) as Record<string, unknown>;
      const region = toPlain(r.get("region")) as { code: string } | null;
      return {
        id: s.id as string,
        startsAt: Date.parse(s.startsAt as string),
        durationMinutes: s.durationMinutes as number,
        timeZone: s.timeZone as string,
        rrule: (s.rrule as string) ?? null,
        exceptions: JSON.parse((s.exceptions as string) ?? "{}"),
        info: {
          title: s.title,
          hostId: s.hostId,
          timeZone: s.timeZone,
          streamUrl: s.streamUrl ?? null,
          channel: s.channel,
          policies: toPlain(r.get("policies")),
          topics: toPlain(r.get("topics")),
          audiences: toPlain(r.get("audiences")),
          region: region?.code ?? null,
        },
      };
    });
    let emitted = 0;
    for (const due of dueReminders(sessions, options.offsetsMinutes, t)) {
      const claimed = await graph.write(async (tx) => {
        const r = (await tx.run(claimQuery, {
          key: due.key,
          sessionId: due.sessionId,
          occurrenceStart: new Date(due.occurrenceStart).toISOString(),
          offsetMinutes: int(due.offsetMinutes),
          instanceId: options.instanceId,
          nonce: crypto.randomUUID(),
        })).records[0];
        if (!r?.get("claimed")) return false;
        await enqueueEvent(
          tx,
          createEvent({
            id: `reminder:${due.key}`,
            type: "session.reminder",
            source: "/services/sessions",
            subject: due.sessionId,
            data: due.data,
          }),
        );
        return true;
      });
      if (claimed) emitted++;
    }
    if (emitted) relay.notify();
    if (++rounds % 100 === 1) await graph.write((tx) => tx.run(pruneQuery)).catch(() => {});
    return emitted;
  }
  const periodic = startPeriodic(runOnce, {
    intervalMs: options.intervalMs,
    log: options.log,
    did: "session reminders emitted",
    failed: "reminder round failed",
  });
  return { runOnce, stop: () => periodic.stop() };
}
