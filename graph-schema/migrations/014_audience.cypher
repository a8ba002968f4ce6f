// The audience page: sessions' short join codes, each client address's vote tally per question
// (signed audience tokens cannot multiply votes beyond it), and an audience member's own votes.

CREATE CONSTRAINT live_session_join_code IF NOT EXISTS
FOR (s:LiveSession) REQUIRE s.joinCode IS UNIQUE;

CREATE CONSTRAINT vote_tally_key IF NOT EXISTS
FOR (t:VoteTally) REQUIRE t.key IS UNIQUE;

CREATE INDEX vote_voter IF NOT EXISTS
FOR (v:Vote) ON (v.voterKey);
