// What the in-process search index (search_index.ts) holds of each policy version: the text the fulltext
// indexes hold and the dates, of every version of every policy (what search_ranked.cypher counts).
MATCH (p:Policy)-[:HAS_VERSION]->(v)
RETURN v.id AS id, p.id AS policyId, v.title AS title, v.body AS body, v.searchText AS searchText,
       toString(v.effectiveFrom) AS effectiveFrom, toString(v.effectiveTo) AS effectiveTo
