// On erasure, the subscriber's audit entries stop naming it: their entityId becomes an alias that
// no longer names the person (as its deliveries' keys do), and the trail stays together under it.
MATCH (e:AuditEntry {entityId: $id})
WHERE e.entityType = 'subscriber'
SET e.entityId = $alias
RETURN count(e) AS renamed
