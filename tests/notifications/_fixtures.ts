/** Many webhook subscribers at once, written straight to the graph (for the crash test and the benchmark). */
import type { Graph } from "@yibao/graph";
import { int, toPlain } from "@yibao/graph";
import { newWebhookSecret } from "../../services/notifications/signing.ts";

/**
 * Creates `n` partner-app subscribers following `policyId`, each with its own webhook endpoint at
 * `<sinkUrl>/webhook/<run>/<i>`, in batches. Returns the secret they share.
 */
export async function seedWebhookSubscribers(
  graph: Graph,
  options: { n: number; run: string; sinkUrl: string; policyId: string },
): Promise<string> {
  const secret = newWebhookSecret();
  const now = new Date().toISOString();
  for (let from = 0; from < options.n; from += 2_000) {
    await graph.write((tx) =>
      tx.run(
        `MATCH (p:Policy {id: $policyId})
         UNWIND range($from, $to - 1) AS i
         CREATE (w:WebhookEndpoint {id: 'whe_' + $run + '-' + i, ownerId: 'test', url: $sink + '/webhook/' + $run + '/' + i,
                 eventTypes: [], secret: $secret, status: 'active', createdAt: $now, updatedAt: $now})
         CREATE (s:Subscriber {id: 'sub_' + $run + '-' + i, ownerId: 'test', kind: 'partnerApp',
                 channels: '[{"type":"webhook","endpointId":"' + w.id + '"}]', channelTypes: ['webhook'],
                 webhookEndpointId: w.id, audiences: [], language: 'zh-CN', elderFriendly: false,
                 optOutChannels: [], optOutTopics: [], digest: false, createdAt: $now, updatedAt: $now})
         CREATE (s)-[:FOLLOWS]->(p)`,
        {
          policyId: options.policyId,
          from: int(from),
          to: int(Math.min(options.n, from + 2_000)),
          run: options.run,
          sink: options.sinkUrl,
          secret,
          now,
        },
      )
    );
  }
  return secret;
}

/** Delivery counts of an event by status. */
export async function deliveryCounts(graph: Graph, eventId: string): Promise<Record<string, number>> {
  return await graph.read(async (tx) => {
    const out: Record<string, number> = {};
    for (
      const r of (await tx.run(
        "MATCH (d:Delivery {eventId: $eventId}) RETURN d.status AS status, count(*) AS n",
        { eventId },
      )).records
    ) out[r.get("status")] = toPlain(r.get("n")) as number;
    return out;
  });
}

/** Subscribers of a run with more than one delivery for the event (must be none). */
export async function subscribersWithSeveralDeliveries(graph: Graph, eventId: string): Promise<number> {
  return await graph.read(async (tx) =>
    toPlain((await tx.run(
      `MATCH (d:Delivery {eventId: $eventId})
       WITH d.subscriberId AS s, d.channel AS c, count(*) AS n WHERE n > 1
       RETURN count(*) AS n`,
      { eventId },
    )).records[0]!.get("n")) as number
  );
}
