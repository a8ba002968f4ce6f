// Takes an item's write lock before it is read, so a change compares and writes the latest state.
MATCH (i:Item {id: $id})
SET i.lockedAt = datetime()
RETURN i.id AS id
