// Appended to the shared in-force match (packages/graph): the ids of the versions in force for the region,
// which the in-process search index ranks for a question (search_index.ts) before search_ranked.cypher
// checks and projects the best.
RETURN collect(v.id) AS ids
