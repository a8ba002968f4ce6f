// Change-feed entries for demo versions that have none yet (first load only), in version order,
// so a partner syncing from the start sees the demo policies too.
UNWIND $versionIds AS id
MATCH (v:PolicyVersion {id: id})
WHERE NOT EXISTS { MATCH (:ChangeFeedEntry {policyId: v.policyId, version: v.version, kind: 'published'}) }
CALL (v) {
  MERGE (s:Sequence {name: 'changes'})
  ON CREATE SET s.value = 0
  SET s.value = s.value + 1
  CREATE (:ChangeFeedEntry {seq: s.value, at: datetime(), kind: 'published', policyId: v.policyId,
                            version: v.version, amendmentId: v.amendmentId, effectiveFrom: v.effectiveFrom})
}
CALL (v) {
  WITH v WHERE v.effectiveAnnouncedAt IS NOT NULL
  MERGE (s:Sequence {name: 'changes'})
  SET s.value = s.value + 1
  CREATE (:ChangeFeedEntry {seq: s.value, at: datetime(), kind: 'effective', policyId: v.policyId,
                            version: v.version, amendmentId: v.amendmentId, effectiveFrom: v.effectiveFrom})
}
RETURN count(v) AS added
