MATCH (s:Subscriber {id: $id}) RETURN s.ownerId AS ownerId
