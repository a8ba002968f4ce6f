// Search without a region skips the versions that ended on or before the date in the index query (issue 13):
// every version with an effectiveTo carries it as one token, `searchEnded: 'ended' + yyyymmdd`, and the index
// `policy_version_dated` (the text of policy_version_text plus that token) is asked for
// `(<question>) -searchEnded:[ended00000000 TO ended<asOf>]`. Without it the index ranked every old version
// of every policy (older ones often score higher) and the query read thousands of them to find the few
// valid ones. A version without the token is never skipped (the query checks the dates itself), so a
// writer that ends a version without setting it only costs speed; one that reopens a version (effectiveTo
// back to null or later) must remove or move it.
MATCH (v:PolicyVersion)
WHERE v.effectiveTo IS NOT NULL
SET v.searchEnded = 'ended' + replace(toString(v.effectiveTo), '-', '');

CREATE FULLTEXT INDEX policy_version_dated IF NOT EXISTS
FOR (v:PolicyVersion) ON EACH [v.title, v.body, v.searchText, v.searchEnded]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'cjk' } };

CALL db.awaitIndex('policy_version_dated', 600);
