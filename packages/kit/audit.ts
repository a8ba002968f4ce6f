import type { ManagedTransaction } from "@yibao/graph";
import type { Actor } from "./auth/model.ts";
import auditAppendQuery from "./queries/audit_append.cypher" with { type: "text" };

/** Who asked for a change, and in which request: what an audit entry records of its cause. */
export interface AuditBy {
  actor: Actor;
  requestId: string | null;
}

/**
 * Appends one `(:AuditEntry)` in the transaction of the change it records, so a change that fails leaves
 * no entry. Every service that audits writes through this one function (policy-admin's `GET /v1/audit`
 * reads them all).
 */
export async function appendAudit(
  tx: ManagedTransaction,
  by: AuditBy,
  e: {
    action: string;
    entityType: string;
    entityId: string;
    policyId?: string | null;
    before: unknown;
    after: unknown;
  },
): Promise<void> {
  await tx.run(auditAppendQuery, {
    e: {
      id: crypto.randomUUID(),
      actorId: by.actor.id,
      actorName: by.actor.name,
      actorRole: by.actor.role,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      policyId: e.policyId ?? null,
      before: JSON.stringify(e.before ?? null),
      after: JSON.stringify(e.after ?? null),
      requestId: by.requestId,
    },
  });
}
