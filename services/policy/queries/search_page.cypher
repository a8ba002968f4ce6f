// Appended to search.cypher, search_in_force.cypher and search_ranked.cypher, which yield `hits` (a list of
// {p, v, score} and, from search_ranked.cypher, `held`; best first), `more` (the index may hold more of
// them than it was asked for) and `stale` (the in-process index did not hold what the graph holds:
// nothing was read).
// A hit is a match when it scores at least $floor of the best hit and its title, body or summaries hold
// one of the question's terms (as snippet.ts cuts them: $hanTerms, Chinese, and $latinTerms, lowercase
// words and numbers): the cjk analyzer matches any shared bigram, so without these every question
// "matched" most of the catalogue. The text is lowercased only for the Latin terms (a profile of the
// search bench showed lowercasing every hit's text at 9% of Neo4j's CPU). A hit the in-process index ranked
// comes `held` when the index found one of those terms in it (search_index.ts): its text is not read here
// (building and scanning the texts of up to 200 hits was about a fifth of Neo4j's CPU per catalogue search).
// `total` counts the matches; only the page ($offset, $limit) is projected (list_item.cypher, with each
// hit's score and body for the snippet). `truncated`: the index may
// hold more valid hits than it was asked for and fewer than $candidates were found.
WITH stale, more AND size(hits) < $candidates AS truncated,
     [x IN [h IN hits WHERE h.score >= hits[0].score * $floor |
              {h: h, text: CASE WHEN h.held THEN null
                           ELSE coalesce(h.v.title, '') + '\n' + coalesce(h.v.body, '') + '\n' + coalesce(h.v.searchText, '') END}]
        WHERE x.text IS NULL
           OR any(t IN $hanTerms WHERE x.text CONTAINS t)
           OR (size($latinTerms) > 0 AND any(t IN $latinTerms WHERE toLower(x.text) CONTAINS t)) | x.h] AS matches
WITH stale, truncated, size(matches) AS total, matches[$offset..($offset + $limit)] AS page
UNWIND (CASE WHEN size(page) = 0 THEN [null] ELSE page END) AS h
WITH stale, truncated, total, h.p AS p, h.v AS v, h.score AS score
WITH stale, truncated, total, score, v, /*listItem*/ AS item
RETURN stale, truncated, total, collect(item {.*, score: score, body: v.body}) AS rows
