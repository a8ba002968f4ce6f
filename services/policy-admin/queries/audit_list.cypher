MATCH (e:AuditEntry)
WHERE ($entityId IS NULL OR e.entityId = $entityId OR e.policyId = $entityId)
  AND ($actorId IS NULL OR e.actorId = $actorId)
  AND ($before IS NULL OR e.at < datetime($before))
WITH e ORDER BY e.at DESC, e.id DESC LIMIT $limit
RETURN e {.*} AS entry
