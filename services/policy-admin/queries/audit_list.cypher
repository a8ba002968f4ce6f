MATCH (e:AuditEntry)
WHERE ($entityId IS NULL OR e.entityId = $entityId OR e.policyId = $entityId)
  AND ($policyId IS NULL OR e.policyId = $policyId)
  AND ($entityTypes IS NULL OR e.entityType IN $entityTypes)
  AND ($actorId IS NULL OR e.actorId = $actorId)
  AND ($before IS NULL OR e.at < datetime($before))
  AND ($from IS NULL OR e.at >= datetime($from))
  AND ($to IS NULL OR e.at < datetime($to))
WITH e ORDER BY e.at DESC, e.id DESC LIMIT $limit
RETURN e {.*} AS entry
