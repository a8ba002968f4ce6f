import { z } from "zod";

/** The policy service's own variables. */
export const policyEnvSchema = z.object({
  POLICY_CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  POLICY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(86_400_000).default(300_000),
  /** The in-process search index (search_index.ts): `off` leaves every search to Neo4j's fulltext index. */
  POLICY_SEARCH_INDEX: z.enum(["on", "off"]).default("on"),
  /** How often the in-process search index is built anew from the graph. */
  POLICY_SEARCH_INDEX_REBUILD_MS: z.coerce.number().int().min(10_000).max(86_400_000).default(900_000),
});
