UNWIND $rows AS row
MATCH (s:Subscriber {id: row.id})
SET s.channels = row.channels
