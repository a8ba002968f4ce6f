/**
 * @module
 * `awareness.measured`, once per session when it is over. Sessions have no "ended" mark today (a
 * host does not end a session; it ends at its scheduled end), so a session counts as over when its
 * last occurrence has ended (`lastEndsAt` passed, within the last 30 days) and none of its launches
 * is still open. Every instance runs the check every `SESSION_REMINDER_INTERVAL_MS`; the event is
 * claimed by creating `(:AwarenessMeasured {sessionId})` (unique) in the transaction that writes its
 * outbox event (id `awareness:<sessionId>`): exactly once whatever the number of instances.
 * Answers that come later (a follow-up launch a week on) do not measure the session again.
 */
import { createEvent, enqueueEvent, type EventLog, type OutboxRelay } from "@yibao/events";
import { type Graph, toPlain } from "@yibao/graph";
import { awareness } from "./maths.ts";
import candidatesQuery from "./queries/measured_candidates.cypher" with { type: "text" };
import claimQuery from "./queries/measured_claim.cypher" with { type: "text" };
import byPolicyQuery from "./queries/by_policy.cypher" with { type: "text" };
import { startPeriodic } from "../periodic.ts";

/** Starts the job; `runOnce` measures what is due now and returns how many sessions it measured. */
export function startAwarenessMeasurer(
  graph: Graph,
  relay: OutboxRelay,
  options: { instanceId: string; intervalMs: number; log: EventLog; now?: () => number },
): { runOnce(): Promise<number>; stop(): Promise<void> } {
  const now = () => options.now?.() ?? Date.now();
  async function runOnce(): Promise<number> {
    const at = new Date(now()).toISOString();
    const ids = await graph.read(async (tx) =>
      (await tx.run(candidatesQuery, { now: at })).records.map((r) => r.get("id") as string)
    );
    let measured = 0;
    for (const sessionId of ids) {
      const done = await graph.write(async (tx) => {
        const claimed = (await tx.run(claimQuery, {
          sessionId,
          nonce: crypto.randomUUID(),
          instanceId: options.instanceId,
        })).records[0]!.get("claimed");
        if (!claimed) return false;
        const rows = (await tx.run(byPolicyQuery, {
          sessionId,
          region: null,
          audience: null,
          from: null,
          to: null,
          policy: null,
        })).records;
        const policies = rows.map((r) => {
          const a = awareness(toPlain(r.get("correct")) as number, toPlain(r.get("n")) as number);
          return {
            policyId: r.get("policyId") as string,
            version: toPlain(r.get("version")) as number | null,
            n: a.n,
            correct: a.correct,
            rate: a.rate,
            lower: a.lower,
            upper: a.upper,
            meetsTarget: a.meetsTarget,
            tooSmall: a.tooSmall,
          };
        }).sort((a, b) => a.policyId.localeCompare(b.policyId));
        await enqueueEvent(
          tx,
          createEvent({
            id: `awareness:${sessionId}`,
            type: "awareness.measured",
            source: "/services/sessions/awareness",
            subject: sessionId,
            data: { sessionId, policies, measuredAt: new Date().toISOString() },
          }),
        );
        return true;
      });
      if (done) measured++;
    }
    if (measured) relay.notify();
    return measured;
  }
  const periodic = startPeriodic(runOnce, {
    intervalMs: options.intervalMs,
    log: options.log,
    did: "sessions measured",
    failed: "awareness round failed",
  });
  return { runOnce, stop: () => periodic.stop() };
}
