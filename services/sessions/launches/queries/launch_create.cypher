// A new launch in a session (a follow-up with a later opensAt waits as 'scheduled'), asking its items in order (the caller checked they exist and are ready).
MATCH (s:LiveSession {id: $sessionId})
CREATE (l:ItemLaunch {id: $id, sessionId: $sessionId, kind: $kind, purpose: $purpose, status: $status,
                      resultsVisible: $resultsVisible, timed: $timed, secondsPerItem: $secondsPerItem,
                      itemIds: $itemIds, openedAt: CASE WHEN $opensAt IS NULL THEN datetime() ELSE null END,
                      opensAt: CASE WHEN $opensAt IS NULL THEN null ELSE datetime($opensAt) END,
                      closedAt: null, openedBy: $actorId, revision: 0})
CREATE (l)-[:IN]->(s)
WITH l
UNWIND range(0, size($itemIds) - 1) AS i
MATCH (it:Item {id: $itemIds[i]})
CREATE (l)-[:ASKS {position: i}]->(it)
WITH DISTINCT l
RETURN l.id AS id
