import { actorOf, type AuditBy, type Principal, requireAccess } from "@yibao/kit";
import type { Context, MiddlewareHandler } from "hono";

/**
 * The role matrix. Subscribers and webhook endpoints: operators manage all of them; partner apps
 * (API keys with `notifications:write`) manage their own, and read their own with
 * `notifications:read`. Deliveries, replays and per-event summaries: operators. Admins pass every
 * rule; hosts and reviewers have no business here.
 */
export const manageAccess = requireAccess({ roles: ["operator"], scopes: ["notifications:write"] });
/** Reading subscribers and endpoints. */
export const readAccess = requireAccess({
  roles: ["operator"],
  scopes: ["notifications:read", "notifications:write"],
});
/** Deliveries and replays. */
export const operatorAccess = requireAccess({ roles: ["operator"] });
/** An event's reach (N of M by channel): operators, and reviewers who follow what they published. */
export const reachAccess = requireAccess({ roles: ["operator", "reviewer"] });

/** Read access for GET, manage access for other methods. */
export const byMethod: MiddlewareHandler = async (c, next) => {
  await (c.req.method === "GET" ? readAccess : manageAccess)(c, next);
};

/** OpenAPI security of these endpoints. */
export const security: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKeyAuth: [] }];

/** The owner filter for a caller: null (everything) for people and admin keys, the key's own id otherwise. */
export function ownerFilter(c: Context): string | null {
  const p = c.get("principal") as Principal;
  if (p.kind === "token") return null;
  return p.scopes.includes("admin") ? null : actorOf(p).id;
}

/** Who made a change and in which request, for its audit entry. */
export function auditBy(c: Context): AuditBy {
  return {
    actor: actorOf(c.get("principal") as Principal),
    requestId: (c.get("requestId") as string) ?? null,
  };
}

/** The actor id stored as owner of what the caller creates. */
export function ownerId(c: Context): string {
  return actorOf(c.get("principal") as Principal).id;
}
