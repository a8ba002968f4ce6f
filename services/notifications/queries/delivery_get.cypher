MATCH (d:Delivery {id: $id}) RETURN d
