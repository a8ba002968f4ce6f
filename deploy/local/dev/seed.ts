import type { Graph } from "@yibao/graph";
import { loadDemoPolicies, loadReferenceData } from "@yibao/graph-schema/load";
import { readDemoData } from "@yibao/graph-schema/demo";

/** Loads the reference data (regions, audiences, topics) and the demo policies; safe to repeat. */
export async function loadDemoData(graph: Graph): Promise<{ regions: number; policies: number }> {
  const data = await readDemoData();
  const regions = await loadReferenceData(graph, data);
  const policies = await loadDemoPolicies(graph, data);
  return { regions, policies };
}
