// Versions not yet announced as in force carry the label AwaitingEffect, so the announcer looks
// at those few nodes instead of every version whose date has passed.
MATCH (v:PolicyVersion)
WHERE v.effectiveAnnouncedAt IS NULL
SET v:AwaitingEffect;
