// The items a launch would ask, in the order given (null where no item has that id).
UNWIND range(0, size($itemIds) - 1) AS i
OPTIONAL MATCH (it:Item {id: $itemIds[i]})
RETURN i, $itemIds[i] AS id, it {.*} AS item
ORDER BY i
