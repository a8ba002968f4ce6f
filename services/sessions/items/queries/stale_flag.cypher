// Flags one item needs-review with why.
MATCH (i:Item {id: $id})
SET i.status = 'needsReview', i.review = $review, i.updatedAt = datetime(), i.revision = i.revision + 1
RETURN i.revision AS revision
