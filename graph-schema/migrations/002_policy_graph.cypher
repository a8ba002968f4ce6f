// The policy graph: regions, audiences, topics, policies, versions, amendments, audit, change feed.

CREATE CONSTRAINT region_code IF NOT EXISTS
FOR (r:Region) REQUIRE r.code IS UNIQUE;

CREATE INDEX region_level IF NOT EXISTS
FOR (r:Region) ON (r.level);

CREATE CONSTRAINT audience_id IF NOT EXISTS
FOR (a:Audience) REQUIRE a.id IS UNIQUE;

CREATE CONSTRAINT topic_id IF NOT EXISTS
FOR (t:Topic) REQUIRE t.id IS UNIQUE;

CREATE CONSTRAINT policy_id IF NOT EXISTS
FOR (p:Policy) REQUIRE p.id IS UNIQUE;

CREATE CONSTRAINT policy_version_id IF NOT EXISTS
FOR (v:PolicyVersion) REQUIRE v.id IS UNIQUE;

CREATE INDEX policy_version_policy IF NOT EXISTS
FOR (v:PolicyVersion) ON (v.policyId, v.version);

CREATE INDEX policy_version_effective IF NOT EXISTS
FOR (v:PolicyVersion) ON (v.effectiveFrom);

CREATE CONSTRAINT amendment_id IF NOT EXISTS
FOR (a:Amendment) REQUIRE a.id IS UNIQUE;

CREATE INDEX amendment_status IF NOT EXISTS
FOR (a:Amendment) ON (a.status);

CREATE CONSTRAINT audit_entry_id IF NOT EXISTS
FOR (e:AuditEntry) REQUIRE e.id IS UNIQUE;

CREATE INDEX audit_entry_at IF NOT EXISTS
FOR (e:AuditEntry) ON (e.at);

CREATE INDEX audit_entry_entity IF NOT EXISTS
FOR (e:AuditEntry) ON (e.entityId);

CREATE CONSTRAINT change_feed_seq IF NOT EXISTS
FOR (c:ChangeFeedEntry) REQUIRE c.seq IS UNIQUE;

CREATE CONSTRAINT sequence_name IF NOT EXISTS
FOR (s:Sequence) REQUIRE s.name IS UNIQUE;

CREATE CONSTRAINT channel_sync_key IF NOT EXISTS
FOR (s:ChannelSync) REQUIRE s.key IS UNIQUE;

CREATE INDEX channel_sync_event IF NOT EXISTS
FOR (s:ChannelSync) ON (s.eventId);

CREATE FULLTEXT INDEX policy_version_text IF NOT EXISTS
FOR (v:PolicyVersion) ON EACH [v.title, v.body, v.searchText]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'cjk' } };

CREATE CONSTRAINT effective_announcement_version IF NOT EXISTS
FOR (e:EffectiveAnnouncement) REQUIRE e.versionId IS UNIQUE;
