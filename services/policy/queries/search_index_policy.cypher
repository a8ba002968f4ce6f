// What the in-process search index (search_index.ts) holds of one policy's versions (see
// search_index_load.cypher): reloaded on each event of the policy; no rows when the policy is gone.
MATCH (p:Policy {id: $policyId})-[:HAS_VERSION]->(v)
RETURN v.id AS id, p.id AS policyId, v.title AS title, v.body AS body, v.searchText AS searchText,
       toString(v.effectiveFrom) AS effectiveFrom, toString(v.effectiveTo) AS effectiveTo
