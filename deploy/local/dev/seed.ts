import { applyMigrations, type Graph, loadMigrations } from "@yibao/graph";

/**
 * Loads the demo data in `graph-schema/seed/` (files named like migrations, each applied once and
 * recorded under the scope `demo-seed`). Nothing happens when the folder does not exist.
 */
export async function loadDemoData(graph: Graph, dir: string): Promise<string[]> {
  try {
    await Deno.stat(dir);
  } catch {
    return [];
  }
  const report = await applyMigrations(graph, await loadMigrations(dir), { scope: "demo-seed" });
  return report.applied;
}
