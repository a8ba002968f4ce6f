/**
 * What an uncached county list's parts cost, each alone: what precomputing the set of policies in force
 * per region (issue 13's suggestion) could save, measured in the policy bench's run. Sequential queries
 * through the graph package (decoded as the service decodes them), on the bench's graph once Neo4j has
 * warmed; per query, Neo4j's CPU without its JIT compiler and this process's CPU:
 *
 * - `RETURN 1`: the round trip alone;
 * - the in-force list, the service's own query (`inForceList`), for a sample of counties;
 * - the same pages projected from their (policy, version) pairs, given: what a precomputed in-force set
 *   would leave of the query (`queries/list_page_by_ids.cypher`, with the service's list item).
 *
 * The difference between the last two bounds what such a set could save.
 */
import { shanghaiToday } from "@yibao/domain";
import { type Graph, int, neoDate } from "@yibao/graph";
import { inForceList, withListItem } from "../../services/policy/repository.ts";
import pageByIdsTemplate from "./queries/list_page_by_ids.cypher" with { type: "text" };
import { jitMs, jvmThreads, jvmThreadsDiff } from "./jvm_threads.ts";
import { processCpuMs } from "./servers.ts";

/** One part: CPU per query (ms), over `queries` sequential queries. */
export interface CountyListPart {
  name: "round trip" | "list" | "projection only";
  queries: number;
  wallMs: number;
  neo4jMs: number;
  neo4jJitMs: number;
  clientMs: number;
}

const pageByIds = withListItem(pageByIdsTemplate);

/** Times the parts in `rounds` rounds of `perRound` queries each (the last round is reported). */
export async function countyListParts(
  graph: Graph,
  counties: string[],
  neo4jPid: number | null,
  options: { rounds?: number; perRound?: number } = {},
): Promise<CountyListPart[]> {
  const perRound = options.perRound ?? 600;
  // the day the service asks for when a request names none (Asia/Shanghai)
  const asOf = neoDate(shanghaiToday());
  const listParams = (region: string) => ({
    region,
    audience: null,
    topic: null,
    asOf,
    offset: int(0),
    limit: int(20),
  });
  const sample = Array.from({ length: perRound }, (_, i) => counties[(i * 7919) % counties.length]!);
  // each county's page as the list gives it, for the projection-only part
  const pages = new Map<string, { page: { id: string; version: unknown; i: unknown }[]; total: number }>();
  for (const region of new Set(sample)) {
    const rec = (await graph.readQuery(inForceList, listParams(region))).records[0]!;
    const items = rec.get("items") as ({ policy: { id: string }; version: { version: number } } | null)[];
    const page = items.filter((x) => x !== null).map((x, i) => ({
      id: x!.policy.id,
      version: int(x!.version.version),
      i: int(i),
    }));
    pages.set(region, { page, total: rec.get("total") as number });
  }
  const parts: [CountyListPart["name"], (region: string) => Promise<unknown>][] = [
    ["round trip", () => graph.readQuery("RETURN 1 AS one")],
    ["list", (region) => graph.readQuery(inForceList, listParams(region))],
    ["projection only", (region) => {
      const { page, total } = pages.get(region)!;
      return graph.readQuery(pageByIds, { page, total: int(total) });
    }],
  ];
  let last: CountyListPart[] = [];
  for (let round = 0; round < (options.rounds ?? 3); round++) {
    last = [];
    for (const [name, run] of parts) {
      const threads = jvmThreads(neo4jPid);
      const neo4j = neo4jPid === null ? null : processCpuMs(neo4jPid);
      const self = processCpuMs(Deno.pid);
      const started = performance.now();
      for (const region of sample) await run(region);
      const wall = performance.now() - started;
      const neo4jAll = neo4j === null ? null : (processCpuMs(neo4jPid!) ?? neo4j) - neo4j;
      const jit = jitMs(jvmThreadsDiff(threads, jvmThreads(neo4jPid), neo4jAll));
      last.push({
        name,
        queries: sample.length,
        wallMs: wall / sample.length,
        neo4jMs: ((neo4jAll ?? 0) - jit) / sample.length,
        neo4jJitMs: jit / sample.length,
        clientMs: ((processCpuMs(Deno.pid) ?? 0) - (self ?? 0)) / sample.length,
      });
    }
  }
  return last;
}
