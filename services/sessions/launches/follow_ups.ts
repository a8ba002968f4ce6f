/**
 * Follow-ups a week later, the honest minimal version: the audience has no contact
 * details, so nobody can be messaged. A host launches a `followUp` survey with `opensAt` (say seven
 * days after the session); it waits as `scheduled`. Every instance runs this job at the reminder
 * interval (`SESSION_REMINDER_INTERVAL_MS`, the reminder machinery's cadence); a due follow-up is
 * opened under its launch's write lock (re-read after the lock, so exactly one instance opens it),
 * and `session.poll.opened` (purpose `followUp`) goes through the outbox — notifications can tell
 * the session's subscribers — and the live `poll` event to anyone on the page. Only respondents who
 * answered something in the session before may answer it (`answer_repository.ts`), and they are
 * recognised only while their audience token lives (`AUDIENCE_TOKEN_TTL_HOURS`, 24 by default:
 * raise it above a week for follow-ups to find the same people).
 */
import type { EventLog, OutboxRelay } from "@yibao/events";
import type { Graph } from "@yibao/graph";
import { enqueueOpened, type LaunchRepository, readLaunch } from "./launch_repository.ts";
import dueQuery from "./queries/follow_ups_due.cypher" with { type: "text" };
import lockQuery from "./queries/launch_lock.cypher" with { type: "text" };
import openQuery from "./queries/follow_up_open.cypher" with { type: "text" };
import { startPeriodic } from "../periodic.ts";

/** Opens the follow-ups that are due; returns how many this call opened. */
export async function openDueFollowUps(
  graph: Graph,
  launches: LaunchRepository,
  relay: OutboxRelay,
): Promise<number> {
  const due = await graph.read(async (tx) =>
    (await tx.run(dueQuery)).records.map((r) => r.get("id") as string)
  );
  let opened = 0;
  for (const id of due) {
    const record = await graph.write(async (tx) => {
      await tx.run(lockQuery, { id });
      const current = await readLaunch(tx, id);
      if (!current || current.launch.status !== "scheduled") return null; // another instance opened it
      await tx.run(openQuery, { id });
      await enqueueOpened(tx, current.launch, null);
      return await readLaunch(tx, id);
    });
    if (record) {
      opened++;
      await launches.publishOpened(record);
    }
  }
  if (opened) relay.notify();
  return opened;
}

/** Runs {@linkcode openDueFollowUps} every `intervalMs` on this instance until stopped. */
export function startFollowUps(
  graph: Graph,
  launches: LaunchRepository,
  relay: OutboxRelay,
  options: { intervalMs: number; log: EventLog },
): { stop(): Promise<void> } {
  const periodic = startPeriodic(() => openDueFollowUps(graph, launches, relay), {
    intervalMs: options.intervalMs,
    log: options.log,
    did: "follow-ups opened",
    failed: "follow-up round failed",
  });
  return periodic;
}
