/**
 * @module
 * Items as a dependent channel of policy amendments. On `policy.amendment.published`, every item
 * that `TESTS` the amended policy at an older version than the new one is flagged `needsReview`
 * with the amendment's summary and change list (kept out of new launches until someone confirms or
 * edits it), and the service acknowledges with `channel.synced` (channel `items`, `itemsFlagged`).
 * One transaction with the outbox, recorded once per event (`(:HandledEvent)`): a redelivery, or
 * the other replica, changes nothing.
 */
import { type CloudEvent, enqueueEvent, type EventLog, type OutboxRelay, syncedEvent } from "@yibao/events";
import { type Graph, int, toPlain } from "@yibao/graph";
import claimQuery from "../queries/handled_event_claim.cypher" with { type: "text" };
import amendmentQuery from "../queries/amendment_summary.cypher" with { type: "text" };
import staleQuery from "./queries/stale_items.cypher" with { type: "text" };
import flagQuery from "./queries/stale_flag.cypher" with { type: "text" };

/** The channel name items report in `channel.synced`. */
export const itemsChannel = "items";
const source = "/services/sessions/items";

/** The handler of policy events for the item bank. */
export function staleItemsHandler(
  graph: Graph,
  relay: OutboxRelay,
  options: { log: EventLog },
): (event: CloudEvent) => Promise<void> {
  return async (event) => {
    if (event.type !== "policy.amendment.published") return;
    const d = event.data as {
      policyId: string;
      amendmentId: string;
      version?: number;
      summary?: string;
      changes?: unknown[];
    };
    const flagged = await graph.write(async (tx) => {
      const first = (await tx.run(claimQuery, { key: `items-stale|${event.id}`, nonce: crypto.randomUUID() }))
        .records[0]!.get("first");
      if (!first) return null;
      let summary = d.summary ?? "";
      let changes = d.changes ?? [];
      if (d.summary === undefined || d.changes === undefined) {
        const a = (await tx.run(amendmentQuery, { id: d.amendmentId })).records[0];
        if (a) {
          summary = a.get("summary") ?? "";
          changes = JSON.parse(a.get("changes") ?? "[]");
        }
      }
      let count = 0;
      const rows = (await tx.run(staleQuery, {
        policyId: d.policyId,
        version: d.version === undefined ? null : int(d.version),
      })).records;
      for (const r of rows) {
        const earlier = r.get("review") ? JSON.parse(r.get("review") as string) : null;
        const ids: string[] = earlier?.amendmentIds ?? [];
        if (ids.includes(d.amendmentId)) continue;
        const review = {
          amendmentId: d.amendmentId,
          amendmentIds: [...ids, d.amendmentId],
          policyId: d.policyId,
          version: d.version ?? null,
          summary: earlier ? `${earlier.summary}；${summary}` : summary,
          changes: [...(earlier?.changes ?? []), ...changes],
          flaggedAt: new Date().toISOString(),
          testedVersion: toPlain(r.get("version")),
        };
        await tx.run(flagQuery, { id: r.get("id"), review: JSON.stringify(review) });
        count++;
      }
      await enqueueEvent(
        tx,
        syncedEvent({
          channel: itemsChannel,
          consumer: itemsChannel,
          source,
          eventId: event.id,
          eventType: event.type,
          policyId: d.policyId,
          amendmentId: d.amendmentId,
          detail: { itemsFlagged: count },
        }),
      );
      return count;
    });
    if (flagged === null) return;
    relay.notify();
    options.log.info("items flagged for review", { eventId: event.id, items: flagged });
  };
}
