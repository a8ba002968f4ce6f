UNWIND $links AS l
MATCH (c:Region {code: l.code}), (p:Region {code: l.parent})
MERGE (c)-[:PART_OF]->(p)
