import { z } from "zod";

/** policy-admin's own variables. */
export const policyAdminEnvSchema = z.object({
  EFFECTIVE_CHECK_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
});
