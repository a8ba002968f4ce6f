// Versions whose day has come and that were not yet announced. Writing the lock property first
// takes each node's write lock, so the second check sees a concurrent announcer's commit.
MATCH (v:AwaitingEffect)
WHERE v.effectiveFrom <= date($today) AND v.effectiveAnnouncedAt IS NULL
WITH v ORDER BY v.effectiveFrom, v.id LIMIT 100
SET v.announceLock = $instance
WITH v
WHERE v.effectiveAnnouncedAt IS NULL
SET v.effectiveAnnouncedAt = datetime()
REMOVE v.announceLock, v:AwaitingEffect
CREATE (:EffectiveAnnouncement {versionId: v.id, at: datetime(), by: $instance})
RETURN v.policyId AS policyId, v.version AS version, toString(v.effectiveFrom) AS effectiveFrom,
       v.amendmentId AS amendmentId
