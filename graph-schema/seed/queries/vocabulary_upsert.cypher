UNWIND $audiences AS a
MERGE (n:Audience {id: a.id})
SET n.nameZh = a.nameZh, n.nameEn = a.nameEn
WITH count(*) AS _
UNWIND $topics AS t
MERGE (n:Topic {id: t.id})
SET n.nameZh = t.nameZh, n.nameEn = t.nameEn
