/**
 * Caches that survive amendments: a steady read load (county in-force lists across every province
 * and policies by id) on one cached policy instance, first quiet, then while a policy event arrives
 * every two seconds, each for a county or city policy somewhere in China. Reports the cache's hit
 * rate and the p99 of both phases, and how much of the cache each event dropped (dropping every
 * entry, as before, would drop all of it).
 */
import { connectEventBus, createEvent, ensureStreams, publishEvent } from "@yibao/events";
import { generateApiKey, saveApiKey } from "@yibao/kit";
import { freePort } from "../../deploy/local/dev/ports.ts";
import { spawnService, waitReady } from "../../deploy/local/dev/services.ts";
import { suite } from "../../deploy/local/dev/suite.ts";
import { ensureWrk, type LoadResult, wrk } from "./load.ts";
import { generatePolicyGraph } from "./policy_graph_gen.ts";
import { benchGraph, benchServiceEnv } from "./servers.ts";

/** One phase of the load: wrk's figures and the cache's counters over it. */
export interface CachePhase extends LoadResult {
  hitRate: number;
  events: number;
  droppedPerEvent: number;
  entriesBefore: number;
}

async function cacheCounters(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^(policy_cache_\w+) (\d+)$/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

/** Runs the cache benchmark against the servers in `env` (reusing the policy bench's graph when present). */
export async function cacheBench(env: Record<string, string>, seconds = 12): Promise<{
  paths: number;
  quiet: CachePhase;
  amending: CachePhase;
}> {
  await ensureWrk();
  const graph = benchGraph(env);
  const key = await generateApiKey();
  let counties: string[];
  let policies: string[];
  try {
    const existing = await graph.read(async (tx) =>
      (await tx.run("MATCH (p:Policy {bench: true}) RETURN count(p) AS n")).records[0]!.get("n") as number
    );
    if (existing === 0) await generatePolicyGraph(graph, { versions: 20_000 });
    counties = await graph.read(async (tx) =>
      (await tx.run("MATCH (r:Region {level: 'county'}) RETURN r.code AS c ORDER BY c")).records.map((r) =>
        r.get("c") as string
      )
    );
    // county and city policies: an amendment of one reaches one county or one city's counties
    policies = await graph.read(async (tx) =>
      (await tx.run(
        `MATCH (p:Policy {bench: true})-[:APPLIES_IN]->(r:Region) WHERE r.level IN ['county', 'city']
         RETURN p.id AS id ORDER BY id`,
      )).records.map((r) => r.get("id") as string)
    );
    await saveApiKey(graph, { id: key.id, hash: key.hash, name: "bench-cache", scopes: ["policy:read"] });
  } finally {
    await graph.close();
  }
  const pick = <T>(xs: T[], n: number, step: number) =>
    Array.from({ length: n }, (_, i) => xs[(i * step) % xs.length]!);
  const paths = [
    ...pick(counties, 600, 7919).map((c) => `/v1/policies?region=${c}`),
    ...pick(policies, 400, 104_729).map((id) => `/v1/policies/${id}`),
  ];
  const tmp = await Deno.makeTempDir({ prefix: "yibao-bench-cache-" });
  const spec = suite.find((s) => s.name === "policy")!;
  const svc = spawnService(spec, {
    port: freePort(),
    env: benchServiceEnv(env),
    logFile: `${tmp}/policy.log`,
  });
  const bus = await connectEventBus({ NATS_URL: env.YIBAO_TEST_NATS_URL!, NATS_STREAM_REPLICAS: 1 }, {
    name: "bench-cache",
  });
  try {
    await ensureStreams(bus, 1);
    await waitReady(svc, 60_000, `${tmp}/policy.log`);
    const headers = { "X-API-Key": key.key };
    // fill the cache with every path (then wrk's random picks are hits unless an event dropped them)
    for (let i = 0; i < paths.length; i += 50) {
      await Promise.all(
        paths.slice(i, i + 50).map(async (p) => {
          const r = await fetch(`${svc.url}${p}`, { headers });
          await r.body?.cancel();
        }),
      );
    }
    const phase = async (amend: boolean): Promise<CachePhase> => {
      const before = await cacheCounters(svc.url);
      let events = 0;
      let stop = false;
      const publisher = (async () => {
        while (amend && !stop) {
          await new Promise((r) => setTimeout(r, 2_000));
          if (stop) break;
          const policyId = policies[(events * 7_919 + 13) % policies.length]!;
          await publishEvent(
            bus,
            createEvent({
              type: "policy.amendment.published",
              source: "/bench/cache",
              data: {
                amendmentId: `bench-amendment-${crypto.randomUUID()}`,
                policyId,
                version: 2,
                effectiveFrom: "2025-01-01",
                summary: "基准测试修订",
                changes: [],
              },
            }),
          );
          events++;
        }
      })();
      const load = await wrk(svc.url, { seconds, connections: 8, headers, paths });
      stop = true;
      await publisher;
      // the last event's invalidation lands within moments
      await new Promise((r) => setTimeout(r, 500));
      const after = await cacheCounters(svc.url);
      const hits = (after.policy_cache_hits_total ?? 0) - (before.policy_cache_hits_total ?? 0);
      const misses = (after.policy_cache_misses_total ?? 0) - (before.policy_cache_misses_total ?? 0);
      const dropped = (after.policy_cache_dropped_total ?? 0) - (before.policy_cache_dropped_total ?? 0);
      return {
        ...load,
        hitRate: hits / Math.max(1, hits + misses),
        events,
        droppedPerEvent: events ? dropped / events : 0,
        entriesBefore: before.policy_cache_entries ?? 0,
      };
    };
    const quiet = await phase(false);
    const amending = await phase(true);
    return { paths: paths.length, quiet, amending };
  } finally {
    await bus.close();
    await svc.stop();
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}
