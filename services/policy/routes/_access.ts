import { requireAccess } from "@yibao/kit";

/** Reads: partner apps with `policy:read` (or `policy:write`), and every role. */
export const readAccess = requireAccess({
  roles: ["operator", "reviewer", "host"],
  scopes: ["policy:read", "policy:write"],
});

/** OpenAPI security of the read endpoints. */
export const readSecurity: Record<string, string[]>[] = [{ apiKeyAuth: [] }, { bearerAuth: [] }];
