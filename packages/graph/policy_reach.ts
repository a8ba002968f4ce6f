import type { Graph } from "./graph.ts";
import reachQuery from "./queries/policy_reach.cypher" with { type: "text" };

/**
 * The region codes whose in-force answers an amendment of `policyId` can change: the regions the
 * policy applies in and every region below them (the in-force rule inherits downwards only, and a
 * policy shadows another only where it is itself in force). Null when the policy does not exist.
 * A cache of per-region answers drops exactly these on a policy event and keeps the rest.
 */
export async function policyReach(graph: Graph, policyId: string): Promise<Set<string> | null> {
  const rec = await graph.read(async (tx) => (await tx.run(reachQuery, { policyId })).records[0]);
  return rec ? new Set(rec.get("regions") as string[]) : null;
}
