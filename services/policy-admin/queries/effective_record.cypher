// A version announced at publication (it takes effect today): the record that stops a second announcement.
CREATE (:EffectiveAnnouncement {versionId: $versionId, at: datetime(), by: $by})
