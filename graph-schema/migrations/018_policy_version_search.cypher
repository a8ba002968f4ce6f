// Search with a region filters in the index query (issue 13): the same text as policy_version_text plus the
// version's policyId, so a query can require `policyId:("a" "b" …)` — the policies in force in the region —
// instead of taking the 300 best hits nationally and keeping the few that are in force there.
CREATE FULLTEXT INDEX policy_version_search IF NOT EXISTS
FOR (v:PolicyVersion) ON EACH [v.title, v.body, v.searchText, v.policyId]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'cjk' } };
