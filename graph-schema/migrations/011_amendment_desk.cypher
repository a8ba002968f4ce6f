// The amendment desk board (GET /v1/amendments) pages by updatedAt and filters by policy and author;
// the audit trail filters by policy; the propagation report finds acknowledgements by amendment.

CREATE INDEX amendment_updated_at IF NOT EXISTS
FOR (a:Amendment) ON (a.updatedAt);

CREATE INDEX amendment_policy_id IF NOT EXISTS
FOR (a:Amendment) ON (a.policyId);

CREATE INDEX amendment_author_id IF NOT EXISTS
FOR (a:Amendment) ON (a.authorId);

CREATE INDEX audit_entry_policy_id IF NOT EXISTS
FOR (e:AuditEntry) ON (e.policyId);

CREATE INDEX channel_sync_amendment_id IF NOT EXISTS
FOR (s:ChannelSync) ON (s.amendmentId);
