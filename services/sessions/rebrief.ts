/**
 * The sessions service as a dependent channel: on `policy.amendment.published` and
 * `policy.version.effective`, every upcoming session covering the policy (or a topic it is
 * about) is flagged needs-rebrief with the amendment's summary and change list, its host is told
 * through `session.needs-rebrief`, and the service acknowledges with `channel.synced` — all in
 * one transaction with the outbox, recorded once per event (a redelivery changes nothing).
 */
import {
  type CloudEvent,
  createEvent,
  enqueueEvent,
  type EventLog,
  type OutboxRelay,
  syncedEvent,
} from "@yibao/events";
import { type Graph, toPlain } from "@yibao/graph";
import claimQuery from "./queries/handled_event_claim.cypher" with { type: "text" };
import sessionsQuery from "./queries/rebrief_sessions.cypher" with { type: "text" };
import flagQuery from "./queries/rebrief_flag.cypher" with { type: "text" };
import amendmentQuery from "./queries/amendment_summary.cypher" with { type: "text" };
import type { LivePublisher } from "./live.ts";

/** The channel name this service reports in `channel.synced`. */
export const sessionsChannel = "sessions";
const source = "/services/sessions";

/** The handler of policy events. */
export function rebriefHandler(
  graph: Graph,
  relay: OutboxRelay,
  live: LivePublisher,
  options: { log: EventLog },
): (event: CloudEvent) => Promise<void> {
  return async (event) => {
    if (event.type !== "policy.amendment.published" && event.type !== "policy.version.effective") return;
    const d = event.data as {
      policyId: string;
      amendmentId?: string;
      version?: number;
      summary?: string;
      changes?: unknown[];
    };
    const flagged = await graph.write(async (tx) => {
      const first =
        (await tx.run(claimQuery, { key: `sessions-rebrief|${event.id}`, nonce: crypto.randomUUID() }))
          .records[0]!.get("first");
      if (!first) return null;
      let summary = d.summary ?? "";
      let changes = d.changes ?? [];
      if (d.amendmentId && (d.summary === undefined || d.changes === undefined)) {
        const a = (await tx.run(amendmentQuery, { id: d.amendmentId })).records[0];
        if (a) {
          summary = a.get("summary") ?? "";
          changes = JSON.parse(a.get("changes") ?? "[]");
        }
      }
      const amendmentId = d.amendmentId ?? `${d.policyId}@${d.version ?? "?"}`;
      const out: { id: string; sequence: number }[] = [];
      for (const r of (await tx.run(sessionsQuery, { policyId: d.policyId })).records) {
        const id = r.get("id") as string;
        const rebriefs = JSON.parse((r.get("rebriefs") as string) ?? "[]") as { amendmentId: string }[];
        if (rebriefs.some((x) => x.amendmentId === amendmentId)) continue;
        rebriefs.push({
          amendmentId,
          policyId: d.policyId,
          version: d.version ?? null,
          summary,
          changes,
          flaggedAt: new Date().toISOString(),
        } as never);
        const seq = toPlain(
          (await tx.run(flagQuery, { id, rebriefs: JSON.stringify(rebriefs) })).records[0]!.get(
            "sequence",
          ),
        ) as number;
        out.push({ id, sequence: seq });
        await enqueueEvent(
          tx,
          createEvent({
            id: `rebrief:${id}:${amendmentId}`,
            type: "session.needs-rebrief",
            source,
            subject: id,
            data: {
              sessionId: id,
              amendmentId,
              policyId: d.policyId,
              hostId: r.get("hostId"),
              title: r.get("title"),
              startsAt: toPlain(r.get("startsAt")),
              summary,
              changes,
            },
          }),
        );
      }
      await enqueueEvent(
        tx,
        syncedEvent({
          channel: sessionsChannel,
          consumer: sessionsChannel,
          source,
          eventId: event.id,
          eventType: event.type,
          policyId: d.policyId,
          amendmentId: d.amendmentId,
          detail: { sessionsFlagged: out.length },
        }),
      );
      return out;
    });
    if (flagged === null) return;
    relay.notify();
    options.log.info("sessions flagged for a rebrief", { eventId: event.id, sessions: flagged.length });
    for (const f of flagged) {
      await live.publish(
        f.id,
        "session",
        { sessionId: f.id, needsRebrief: true, sequence: f.sequence },
        `rebrief:${f.id}:${f.sequence}`,
      );
    }
  };
}
