// One audit entry; run in the transaction of the change it records.
CREATE (e:AuditEntry {id: $e.id, at: datetime(), actorId: $e.actorId, actorName: $e.actorName,
                      actorRole: $e.actorRole, action: $e.action, entityType: $e.entityType,
                      entityId: $e.entityId, policyId: $e.policyId, before: $e.before, after: $e.after,
                      requestId: $e.requestId})
