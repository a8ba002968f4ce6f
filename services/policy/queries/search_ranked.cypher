// Ranked search over the catalogue from the in-process index (search_index.ts): $ranked.hits are the
// index's best versions valid on the date ({id, score, held}, best first; `held`: the index found one of
// the question's words in it), $ranked.versions how many versions the index holds and $ranked.more
// whether it holds more valid hits than it sent. The graph stays the authority: the versions are counted
// here (from the count store) and, when the index holds a different number, nothing is read (`stale`: the
// service asks the fulltext index instead and brings its index up to date); each hit's dates and filters
// are checked as in search.cypher, and only what exists is kept.
CALL () {
  MATCH (:Policy)-[r:HAS_VERSION]->()
  RETURN count(r) AS versions
}
WITH versions <> $ranked.versions AS stale
CALL (stale) {
  UNWIND (CASE WHEN stale THEN [] ELSE $ranked.hits END) AS h
  MATCH (v:PolicyVersion {id: h.id})
  WHERE v.effectiveFrom <= $asOf AND (v.effectiveTo IS NULL OR $asOf < v.effectiveTo)
  MATCH (p:Policy)-[:HAS_VERSION]->(v)
  WHERE ($audience IS NULL OR EXISTS { (p)-[:TARGETS]->(:Audience {id: $audience}) })
    AND ($topic IS NULL OR EXISTS { (p)-[:ABOUT]->(:Topic {id: $topic}) })
  WITH p, v, h.score AS score, h.held AS held ORDER BY score DESC, p.id LIMIT $candidates
  RETURN collect({p: p, v: v, score: score, held: held}) AS hits
}
WITH stale, stale OR $ranked.more AS more, hits
