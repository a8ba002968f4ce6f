MATCH (a:Amendment {id: $id})
RETURN a {.*} AS amendment
