UNWIND $regions AS r
MERGE (n:Region {code: r.code})
SET n.name = r.name, n.level = r.level, n.fullName = r.fullName, n.grouping = r.grouping
