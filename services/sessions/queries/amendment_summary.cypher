// The summary and change list of an amendment (for policy.version.effective, which carries neither).
MATCH (a:Amendment {id: $id})
RETURN a.summary AS summary, a.changes AS changes
