// A launch's answers counted per item: how many, how many right, every chosen id (a rating as
// its digit) and the newest open-text answers. Also the launch's revision and visibility, read in
// the same transaction.
MATCH (l:ItemLaunch {id: $launchId})
CALL (l) {
  MATCH (a:Answer) WHERE a.launchId = l.id
  WITH a.itemId AS itemId, collect(a) AS answers
  RETURN collect({
    itemId: itemId,
    answered: size(answers),
    correct: size([x IN answers WHERE x.correct = true]),
    chosen: COLLECT {
      UNWIND answers AS x
      UNWIND CASE WHEN x.rating IS NOT NULL THEN [toString(x.rating)] ELSE coalesce(x.choiceIds, []) END AS c
      RETURN c
    },
    texts: COLLECT {
      UNWIND answers AS x
      WITH x WHERE x.text IS NOT NULL
      RETURN x.text ORDER BY x.answeredAt DESC LIMIT 50
    }
  }) AS perItem
}
RETURN l.revision AS revision, l.resultsVisible AS resultsVisible, l.status AS status, perItem
