// Appended to the shared in-force match (packages/graph): most local first, then only the page, each
// policy as list_item.cypher projects it.
ORDER BY rank, p.id
WITH collect({p: p, v: v}) AS rows
WITH size(rows) AS total, rows[$offset..($offset + $limit)] AS page
UNWIND (CASE WHEN size(page) = 0 THEN [null] ELSE page END) AS row
WITH total, row.p AS p, row.v AS v
RETURN total, collect(/*listItem*/) AS items
