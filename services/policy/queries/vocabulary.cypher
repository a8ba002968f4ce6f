CALL () {
  MATCH (a:Audience) RETURN collect(a {.id, .nameZh, .nameEn}) AS audiences
}
CALL () {
  MATCH (t:Topic) RETURN collect(t {.id, .nameZh, .nameEn}) AS topics
}
RETURN audiences, topics
