import { requireAccess } from "@yibao/kit";

/** Scheduling and moderation: hosts (and admins, who pass every rule). */
export const hostAccess = requireAccess({ roles: ["host"] });

/** OpenAPI security of host endpoints. */
export const security: Record<string, string[]>[] = [{ bearerAuth: [] }];
/** Audience endpoints are open (rate-limited, identified by a client token). */
export const openSecurity: Record<string, string[]>[] = [];
