import { z } from "zod";

/** The policy service's own variables. */
export const policyEnvSchema = z.object({
  POLICY_CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  POLICY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(86_400_000).default(300_000),
});
