import { shanghaiToday } from "@yibao/domain";
import { startConsumer } from "@yibao/events";
import { policyReach } from "@yibao/graph";
import { metricLines, type ServiceSpec } from "@yibao/kit";
import { ReadCache } from "./cache.ts";
import { policyEnvSchema } from "./config.ts";
import { cacheInvalidationHandler } from "./invalidation.ts";
import { PolicyRepository } from "./repository.ts";
import { SearchIndexKeeper } from "./search_index_sync.ts";
import { registerChangeRoutes } from "./routes/changes.ts";
import { registerPolicyRoutes } from "./routes/policies.ts";
import { registerSearchRoutes } from "./routes/search.ts";
import { registerVocabularyRoutes } from "./routes/vocabulary.ts";

/** The policy service: in-force lookup, versions, diffs, search and the change feed for partner apps. */
export const service: ServiceSpec<typeof policyEnvSchema> = {
  name: "policy",
  version: "0.2.0",
  defaultPort: 8101,
  title: "医保政策通 · 政策查询 / Policy lookup",
  description:
    "在某地区、某人群、某日期生效的政策，历史版本、差异、全文检索与变更订阅。In-force policies by region, audience and date; versions, diffs, search and a change feed.",
  env: policyEnvSchema,
  async setup({ app, graph, bus, config, log, instanceId, onShutdown, addMetrics }) {
    const searchIndex = config.POLICY_SEARCH_INDEX === "on"
      ? new SearchIndexKeeper(graph, log, {
        rebuildMs: config.POLICY_SEARCH_INDEX_REBUILD_MS,
        recheckMs: 3_000,
      })
      : undefined;
    const repo = new PolicyRepository(graph, searchIndex);
    await repo.warmUp(shanghaiToday()).catch((err) => log.warn("warm-up failed", { error: String(err) }));
    searchIndex?.start(() => repo.warmUpSearch(shanghaiToday()));
    onShutdown(() => Promise.resolve(searchIndex?.stop()));
    const cache = new ReadCache(config.POLICY_CACHE_MAX_ENTRIES, config.POLICY_CACHE_TTL_MS);
    registerPolicyRoutes(app, repo, cache);
    registerSearchRoutes(app, repo, cache);
    registerChangeRoutes(app, repo);
    registerVocabularyRoutes(app, repo);
    addMetrics(() => [
      ...metricLines(
        "policy_cache_hits_total",
        "counter",
        "Reads answered from the in-process cache.",
        cache.hits,
      ),
      ...metricLines("policy_cache_misses_total", "counter", "Reads that went to the graph.", cache.misses),
      ...metricLines(
        "policy_cache_dropped_total",
        "counter",
        "Cached entries dropped by policy events.",
        cache.dropped,
      ),
      ...metricLines("policy_cache_entries", "gauge", "Entries held in the cache now.", cache.size),
      ...(searchIndex ? searchIndexMetrics(searchIndex) : []),
    ]);
    // Every instance has its own cache, so every instance consumes every amendment event.
    const consumer = await startConsumer(
      bus,
      {
        durable: `policy-cache-${instanceId}`.replace(/[^A-Za-z0-9_-]/g, "_"),
        filterSubject: "events.policy.>",
        deliver: "new",
        inactiveThresholdMs: 60 * 60_000,
      },
      cacheInvalidationHandler(cache, bus, {
        instanceId,
        log,
        reach: (id) => policyReach(graph, id),
        ...(searchIndex ? { policyChanged: (id: string) => searchIndex.policyChanged(id) } : {}),
      }),
      { log },
    );
    onShutdown(() => consumer.stop());
  },
};

/** The in-process search index's figures for /metrics. */
function searchIndexMetrics(k: SearchIndexKeeper): string[] {
  return [
    ...metricLines(
      "policy_search_index_versions",
      "gauge",
      "Policy versions the in-process search index holds (0 while it is built).",
      k.index?.size ?? 0,
    ),
    ...metricLines(
      "policy_search_index_build_seconds",
      "gauge",
      "How long the last full build of the in-process search index took.",
      (k.buildMs / 1000).toFixed(3),
    ),
    ...metricLines(
      "policy_search_index_served_total",
      "counter",
      "Catalogue searches ranked by the in-process index.",
      k.served,
    ),
    ...metricLines(
      "policy_search_index_stale_total",
      "counter",
      "Searches that found the index behind the graph (sent to the fulltext index).",
      k.stale,
    ),
  ];
}
