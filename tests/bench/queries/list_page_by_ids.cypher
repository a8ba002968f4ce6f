// The policy bench's "projection only" part of a list: the page's (policy, version) pairs are given, in
// order, as a precomputed in-force set would give them; each is projected as the list projects it
// (the listItem placeholder below, filled from services/policy/queries/list_item.cypher). $total is echoed as
// the list's.
UNWIND $page AS k
MATCH (p:Policy {id: k.id})-[:HAS_VERSION]->(v)
WHERE v.version = k.version
WITH p, v ORDER BY k.i
RETURN $total AS total, collect(/*listItem*/) AS items
